using Mesh.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mesh.Client.Tests.Integration;

/// <summary>
/// A resource this client cannot read (here: one carrying a newer server's field) is skipped with a warning naming it;
/// the rest of the policy still reaches the data plane, from a full list as from watch events.
/// </summary>
public sealed class UnreadableResourceTests
{
    private static readonly string Unreadable = $"""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: ratings-next
          labels:
            {NewerServer.Label}: "true"
        spec:
          hosts:
          - ratings
          http:
          - route:
            - destination:
                host: ratings
        """;

    [Fact]
    public async Task WatchEvent_UnreadableResource_SkippedWithWarningAndLaterPolicyApplies()
    {
        await using var reviews = await Reviews.StartAsync();
        await using var newer = await NewerServer.StartAsync(reviews.Server.Address);
        var logs = new CapturingLoggerProvider();
        await using var client = await StartClientAsync(reviews, newer, logs);
        await client.WaitForRevisionAsync((await reviews.Server.Admin.ApplyAsync(Reviews.Subsets + "\n---\n" + Reviews.Route(("v1", 100)))).Revision);

        await reviews.Server.Admin.ApplyAsync(Unreadable);
        var routed = await reviews.Server.Admin.ApplyAsync(Reviews.Route(("v2", 100)));
        await client.WaitForRevisionAsync(routed.Revision);

        Assert.Equal(new Dictionary<string, int> { ["v2"] = 20 }, await Reviews.SendAsync(client.Http, 20));
        AssertSkippedWarning(logs);
    }

    [Fact]
    public async Task List_UnreadableResource_ClientStartsWithTheRest()
    {
        await using var reviews = await Reviews.StartAsync();
        await using var newer = await NewerServer.StartAsync(reviews.Server.Address);
        var applied = await reviews.Server.Admin.ApplyAsync(Reviews.Subsets + "\n---\n" + Reviews.Route(("v3", 100)) + "\n---\n" + Unreadable);
        var logs = new CapturingLoggerProvider();

        await using var client = await StartClientAsync(reviews, newer, logs);
        await client.WaitForRevisionAsync(applied.Revision);

        Assert.Equal(new Dictionary<string, int> { ["v3"] = 20 }, await Reviews.SendAsync(client.Http, 20));
        AssertSkippedWarning(logs);
    }

    [Fact]
    public async Task WatchEvent_ReadableResourceBecomesUnreadable_EarlierVersionKept()
    {
        await using var reviews = await Reviews.StartAsync();
        await using var newer = await NewerServer.StartAsync(reviews.Server.Address);
        var logs = new CapturingLoggerProvider();
        await using var client = await StartClientAsync(reviews, newer, logs);
        await client.WaitForRevisionAsync((await reviews.Server.Admin.ApplyAsync(Reviews.Subsets + "\n---\n" + Reviews.Route(("v1", 100)))).Revision);

        // The route to v3, as a newer server would send it: this client cannot read it, so v1's route stays.
        var labelled = Reviews.Route(("v3", 100)).Replace("  name: reviews\n", $"  name: reviews\n  labels:\n    {NewerServer.Label}: \"true\"\n", StringComparison.Ordinal);
        Assert.Contains(NewerServer.Label, labelled, StringComparison.Ordinal);
        await client.WaitForRevisionAsync((await reviews.Server.Admin.ApplyAsync(labelled)).Revision);

        Assert.Equal(new Dictionary<string, int> { ["v1"] = 20 }, await Reviews.SendAsync(client.Http, 20));
        var warning = SkippedWarning(logs, "reviews");
        Assert.Equal("VirtualService", warning.Fields["Kind"]);
    }

    private static Task<MeshedClient> StartClientAsync(Reviews reviews, NewerServer newer, CapturingLoggerProvider logs) =>
        MeshedClient.StartAsync(
            o =>
            {
                o.ControlPlane.Add(newer.Address);
                o.JoinToken = reviews.Server.Server.JoinToken;
            },
            services => services.AddSingleton<ILoggerProvider>(logs));

    // A resync (after any hiccup) lists again and warns again: the first warning about the resource is the one to read.
    private static CapturingLoggerProvider.LogRecord SkippedWarning(CapturingLoggerProvider logs, string name)
    {
        var warnings = logs.Records.Where(r => r.Level == LogLevel.Warning && r.Category.EndsWith("ControlPlaneSync", StringComparison.Ordinal) && (r.Fields.GetValueOrDefault("Name") as string) == name).ToList();
        Assert.NotEmpty(warnings);
        return warnings[0];
    }

    private static void AssertSkippedWarning(CapturingLoggerProvider logs)
    {
        var warning = SkippedWarning(logs, "ratings-next");
        Assert.Equal("VirtualService", warning.Fields["Kind"]);
        Assert.Equal("default", warning.Fields["Namespace"]);
        Assert.Equal("ratings-next", warning.Fields["Name"]);
        Assert.Contains("spec." + NewerServer.NewerField, (string)warning.Fields["Reason"]!, StringComparison.Ordinal);
    }
}

using Mesh.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mesh.Client.Tests.Integration;

public class LocalFileModeTests
{
    [Fact]
    public async Task PolicyFiles_WithoutControlServer_RouteAndFollowEdits()
    {
        using var policy = new TempDirectory();
        await using var v1 = await Backend.StartAsync("reviews", "v1");
        await using var v2 = await Backend.StartAsync("reviews", "v2");
        await File.WriteAllTextAsync(policy.File("endpoints.yaml"), v1.WorkloadEntryYaml() + "\n---\n" + v2.WorkloadEntryYaml());
        await File.WriteAllTextAsync(policy.File("routing.yaml"), Reviews.Subsets + "\n---\n" + Reviews.Route(("v1", 90), ("v2", 10)));
        await using var client = await MeshedClient.StartAsync(o => o.PolicyFiles.Add(policy.Path));

        var split = await Reviews.SendAsync(client.Http, 1000);
        var before = client.Revision;
        await File.WriteAllTextAsync(policy.File("routing.yaml"), Reviews.Subsets + "\n---\n" + Reviews.Route(("v2", 100)));
        await client.WaitForRevisionAsync(before + 1);
        var afterEdit = await Reviews.SendAsync(client.Http, 50);

        Assert.InRange(split["v1"], 850, 950);
        Assert.Equal(50, afterEdit["v2"]);
    }

    [Fact]
    public async Task PolicyFiles_InvalidEdit_KeepsLastGoodPolicyUntilAValidEdit()
    {
        using var policy = new TempDirectory();
        await using var v1 = await Backend.StartAsync("reviews", "v1");
        await using var v2 = await Backend.StartAsync("reviews", "v2");
        var endpoints = v1.WorkloadEntryYaml() + "\n---\n" + v2.WorkloadEntryYaml() + "\n---\n" + Reviews.Subsets + "\n---\n";
        await File.WriteAllTextAsync(policy.File("all.yaml"), endpoints + Reviews.Route(("v1", 100)));
        var logs = new CapturingLoggerProvider();
        await using var client = await MeshedClient.StartAsync(o => o.PolicyFiles.Add(policy.Path), s => s.AddSingleton<ILoggerProvider>(logs));
        var revision = client.Revision;

        // The rejection is logged once the watcher has read the file: proof that the edit was seen, not just waited for.
        await File.WriteAllTextAsync(policy.File("broken.yaml"), "kind: VirtualService\nspec: {hosts: [reviews]}\n");
        await Eventually.TrueAsync(
            () => Task.FromResult(logs.Records.Any(r => r.Level == LogLevel.Error && r.Message.Contains("broken.yaml", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(20),
            "the invalid edit was never reported");
        var whileBroken = await Reviews.SendAsync(client.Http, 20);
        var revisionWhileBroken = client.Revision;

        // The positive control: the same watcher applies a valid edit once the invalid file is gone.
        File.Delete(policy.File("broken.yaml"));
        await File.WriteAllTextAsync(policy.File("all.yaml"), endpoints + Reviews.Route(("v2", 100)));
        await client.WaitForRevisionAsync(revision + 1);
        var afterFix = await Reviews.SendAsync(client.Http, 20);

        Assert.Equal(revision, revisionWhileBroken);
        Assert.Equal(20, whileBroken["v1"]);
        Assert.Equal(20, afterFix["v2"]);
    }

    [Theory]
    [InlineData("recursive alias", "refers to the node that contains it (a recursive alias)")]
    [InlineData("deep nesting", "the input nests deeper than 64 levels")]
    [InlineData("billion laughs", "aliases expand to more than 10000 values")]
    public async Task PolicyFiles_EditedToABodyThatUsedToKillTheProcess_KeepLastGoodPolicyAndLogWhy(string body, string reason)
    {
        using var policy = new TempDirectory();
        await using var v1 = await Backend.StartAsync("reviews", "v1");
        var good = v1.WorkloadEntryYaml() + "\n---\n" + Reviews.Subsets + "\n---\n" + Reviews.Route(("v1", 100));
        await File.WriteAllTextAsync(policy.File("all.yaml"), good);
        var logs = new CapturingLoggerProvider();
        await using var client = await MeshedClient.StartAsync(o => o.PolicyFiles.Add(policy.Path), s => s.AddSingleton<ILoggerProvider>(logs));
        var revision = client.Revision;

        await File.WriteAllTextAsync(policy.File("all.yaml"), Hostile(body));

        // The reload's verdict, logged: the file and the reason.
        var logged = await Eventually.ValueAsync(
            () => Task.FromResult(logs.Records.FirstOrDefault(r => r.Message.Contains(reason, StringComparison.Ordinal))),
            r => r is not null, TimeSpan.FromSeconds(30), $"no log naming \"{reason}\"");
        Assert.Equal(LogLevel.Error, logged!.Level);
        Assert.Contains("keeping the last good policy", logged.Message, StringComparison.Ordinal);
        Assert.Contains("all.yaml", logged.Message, StringComparison.Ordinal);
        var counts = await Reviews.SendAsync(client.Http, 20);
        Assert.Equal(revision, client.Revision);
        Assert.Equal(20, counts["v1"]);

        // The watcher lives on: a good edit afterwards is applied.
        await File.WriteAllTextAsync(policy.File("all.yaml"), good + "\n---\napiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: ratings}\nspec: {host: ratings}\n");
        await client.WaitForRevisionAsync(revision + 1);
    }

    [Fact]
    public async Task PolicyFile_NamedDirectlyAndDeleted_KeepsLastGoodPolicyUntilItIsBack()
    {
        using var policy = new TempDirectory();
        await using var v1 = await Backend.StartAsync("reviews", "v1");
        var file = policy.File("all.yaml");
        var good = v1.WorkloadEntryYaml() + "\n---\n" + Reviews.Subsets + "\n---\n" + Reviews.Route(("v1", 100));
        await File.WriteAllTextAsync(file, good);
        var logs = new CapturingLoggerProvider();
        await using var client = await MeshedClient.StartAsync(o => o.PolicyFiles.Add(file), s => s.AddSingleton<ILoggerProvider>(logs));
        var revision = client.Revision;

        File.Delete(file);

        var logged = await Eventually.ValueAsync(
            () => Task.FromResult(logs.Records.FirstOrDefault(r => r.Message.Contains("keeping the last good policy", StringComparison.Ordinal))),
            r => r is not null, TimeSpan.FromSeconds(30), "the deleted file's reload was never logged");
        Assert.Contains("all.yaml", logged!.Message, StringComparison.Ordinal);
        var counts = await Reviews.SendAsync(client.Http, 20);
        Assert.Equal(revision, client.Revision);
        Assert.Equal(20, counts["v1"]);

        // Back, with one more resource: applied.
        await File.WriteAllTextAsync(file, good + "\n---\napiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: ratings}\nspec: {host: ratings}\n");
        await client.WaitForRevisionAsync(revision + 1);
    }

    [Fact]
    public async Task PolicyFiles_InvalidAtStart_StartUpFailsNamingTheError()
    {
        using var policy = new TempDirectory();
        await File.WriteAllTextAsync(policy.File("bad.yaml"), Reviews.Route(("v1", 60), ("v2", 30)));

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => MeshedClient.StartAsync(o => o.PolicyFiles.Add(policy.Path)));

        Assert.Contains("sum to 90", ex.ToString(), StringComparison.Ordinal);
        Assert.Contains("bad.yaml", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_Missing_StartUpFailsWithWhatToFix()
    {
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => MeshedClient.StartAsync(o => o.ServiceName = null));

        Assert.Contains("ServiceName is required", ex.ToString(), StringComparison.Ordinal);
        Assert.Contains("needs a policy source", ex.ToString(), StringComparison.Ordinal);
    }

    private static string Hostile(string name) => name switch
    {
        "recursive alias" => "a: &a [*a]",
        "deep nesting" => new string('[', 100_000) + new string(']', 100_000),
        _ => "a: &a [x, x, x, x, x, x, x, x, x]\n" + string.Concat("bcdefghi".Select(c => $"{c}: &{c} [{string.Join(", ", Enumerable.Repeat("*" + (char)(c - 1), 9))}]\n")),
    };
}

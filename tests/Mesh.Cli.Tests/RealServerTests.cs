using Mesh.Cli.Tests.Infrastructure;
using Mesh.Policy.Resources;
using Mesh.Testing;

namespace Mesh.Cli.Tests;

/// <summary>meshctl's own code against the real control server on a free port, as a user runs it.</summary>
public class RealServerTests
{
    private static readonly string DestinationRuleAll = Conformance.File("istio/samples/bookinfo/networking/destination-rule-all.yaml");
    private static readonly string Reviews9010 = Conformance.File("istio/samples/bookinfo/networking/virtual-service-reviews-90-10.yaml");

    [Fact]
    public async Task ApplyThenGet_BookinfoDestinationRules_RoundTripThroughTheServer()
    {
        await using var server = await RunningServer.StartAsync();
        var cli = Cli(server);

        var applied = await cli.RunAsync("apply", "-f", DestinationRuleAll);
        var table = await cli.RunAsync("get", "dr");
        var yaml = await cli.RunAsync("get", "dr", "reviews", "-o", "yaml");

        Assert.True(applied.ExitCode == 0, applied.ToString());
        Assert.Contains("destinationrule.networking.istio.io/reviews created", applied.Out, StringComparison.Ordinal);
        Assert.Equal(0, table.ExitCode);
        Assert.Equal(5, table.OutLines.Length); // header + productpage, reviews, ratings, details
        Assert.Contains(table.OutLines, l => l.StartsWith("reviews", StringComparison.Ordinal) && l.Contains("v1,v2,v3", StringComparison.Ordinal));
        Assert.Contains("resourceVersion: \"1\"", yaml.Out, StringComparison.Ordinal);
        Assert.Contains("- name: v3", yaml.Out, StringComparison.Ordinal);
        var stored = await server.Admin.GetAsync(ResourceKinds.DestinationRule, "default", "ratings");
        Assert.Equal(4, ((Policy.Resources.Networking.DestinationRule)stored!).Spec.Subsets!.Count);
    }

    [Fact]
    public async Task Apply_AgainUnchanged_ThenDelete_ReportsEachStep()
    {
        await using var server = await RunningServer.StartAsync();
        var cli = Cli(server);
        await cli.RunAsync("apply", "-f", Reviews9010);

        var again = await cli.RunAsync("apply", "-f", Reviews9010);
        var deleted = await cli.RunAsync("delete", "-f", Reviews9010);
        var missing = await cli.RunAsync("get", "vs", "reviews");

        Assert.Contains("virtualservice.networking.istio.io/reviews unchanged", again.Out, StringComparison.Ordinal);
        Assert.Equal(0, deleted.ExitCode);
        Assert.Contains("reviews", deleted.Out, StringComparison.Ordinal);
        Assert.Equal(1, missing.ExitCode);
        Assert.Empty((await server.Admin.ListAsync(null, null)).Items);
    }

    [Fact]
    public async Task Apply_WithoutTokenFile_Is401AndNothingChanges()
    {
        await using var server = await RunningServer.StartAsync();
        using var elsewhere = new TempDirectory();
        var cli = new CliRun
        {
            WorkingDirectory = elsewhere.Path,
            Environment = { ["MESH_SERVER"] = server.Address.ToString() },
        };

        var result = await cli.RunAsync("apply", "-f", DestinationRuleAll);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--token", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, (await server.Admin.StatusAsync()).Revision);
    }

    [Fact]
    public async Task Token_FoundInMeshDataOfTheWorkingDirectory()
    {
        using var work = new TempDirectory();
        await using var server = await RunningServer.StartAsync(Path.Combine(work.Path, "mesh-data"));
        var cli = new CliRun
        {
            WorkingDirectory = work.Path,
            Environment = { ["MESH_SERVER"] = server.Address.ToString() },
        };

        var result = await cli.RunAsync("apply", "-f", DestinationRuleAll);
        var status = await cli.RunAsync("status");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("1", status.Out, StringComparison.Ordinal);
    }

    private static CliRun Cli(RunningServer server) => new()
    {
        Environment =
        {
            ["MESH_SERVER"] = server.Address.ToString(),
            ["MESH_TOKEN"] = server.Server.AdminToken,
        },
    };
}

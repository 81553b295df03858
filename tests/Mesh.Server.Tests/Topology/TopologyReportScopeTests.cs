using System.Net;
using System.Text.Json;
using Mesh.Policy.Api;
using Mesh.Testing;

namespace Mesh.Server.Tests.Topology;

/// <summary>
/// A join token bound to identities reports traffic only as a workload of its namespace, and only for instances its
/// scope allows, as it registers only those: otherwise it could draw another namespace's edges on the dashboard or
/// list ejections on another service's page.
/// </summary>
public sealed class TopologyReportScopeTests
{
    [Fact]
    public async Task Report_BoundTokenClaimingAnotherNamespace_Is403AndNotCounted()
    {
        await using var server = await RunningServer.StartAsync();
        var token = await BoundAsync(server, "default", "productpage");
        var asProd = TopologyAggregatorTests.Report("r1", 5, new EdgeReport("reviews.prod.svc.cluster.local", "v1", 7, 0, [7]));
        asProd = asProd with { Source = asProd.Source with { Namespace = "prod" } };

        var error = await Assert.ThrowsAsync<ControlPlaneException>(() => token.ReportTopologyAsync(asProd));
        await token.ReportTopologyAsync(TopologyAggregatorTests.Report("r2", 5, new EdgeReport("reviews.default.svc.cluster.local", "v1", 3, 0, [3])));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Contains("namespace prod", error.Message, StringComparison.Ordinal);
        using var http = new HttpClient { BaseAddress = server.Address };
        using var topology = JsonDocument.Parse(await http.GetStringAsync(ApiRoutes.Topology));
        var edge = Assert.Single(topology.RootElement.GetProperty("edges").EnumerateArray());
        Assert.Equal("productpage.default:v1", edge.GetProperty("source").GetString());
    }

    [Fact]
    public async Task Report_BoundTokenNamingAnotherIdentitysInstance_Is403()
    {
        await using var server = await RunningServer.StartAsync();
        var token = await BoundAsync(server, "default", "productpage");
        var ratings = await server.Join.RegisterAsync(new InstanceRegistration
        {
            Service = "ratings",
            Address = "127.0.0.1",
            Ports = new Dictionary<string, int> { ["http"] = 9081 },
        });
        var report = TopologyAggregatorTests.Report("r1", 5);
        report = report with { Source = report.Source with { InstanceId = ratings.InstanceId } };

        var error = await Assert.ThrowsAsync<ControlPlaneException>(() => token.ReportTopologyAsync(report));
        await server.Join.ReportTopologyAsync(report);

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Contains("service account ratings", error.Message, StringComparison.Ordinal);
    }

    private static async Task<ControlPlaneClient> BoundAsync(RunningServer server, string @namespace, string serviceAccount) =>
        server.NewClient((await server.Admin.CreateJoinTokenAsync(new JoinTokenRequest { Namespace = @namespace, ServiceAccounts = [serviceAccount] })).Token);
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mesh.Policy.Api;
using Mesh.Policy.Serialization;
using Mesh.Testing;

namespace Mesh.Server.Tests.Topology;

/// <summary>The report endpoint's access and validation, and the read APIs, over real HTTP.</summary>
public sealed class TopologyApiTests
{
    [Fact]
    public async Task Report_WithoutToken_IsRefused()
    {
        await using var server = await RunningServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.Address };

        using var response = await http.PostAsJsonAsync(ApiRoutes.TopologyReports, TopologyAggregatorTests.Report("r1", 5), PolicySerializer.Options);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Report_WithNegativeCounts_IsRejectedWithTheReason()
    {
        await using var server = await RunningServer.StartAsync();
        var report = TopologyAggregatorTests.Report("r1", 5, new EdgeReport("reviews.default.svc.cluster.local", "v1", -1, 0, []));

        var error = await Assert.ThrowsAsync<ControlPlaneException>(() => server.Join.ReportTopologyAsync(report));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("edges[0]: requests and errors must not be negative", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_WithUnboundedEjectedStrings_IsRejectedWithTheReason()
    {
        await using var server = await RunningServer.StartAsync();
        var report = TopologyAggregatorTests.Report("r1", 5) with
        {
            Ejected = [new EjectedEndpointReport(new string('h', 100_000), null, "10.0.0.1:9080", 3)],
        };

        var error = await Assert.ThrowsAsync<ControlPlaneException>(() => server.Join.ReportTopologyAsync(report));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("ejected[0]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_WithNullEntries_IsRejectedNot500()
    {
        await using var server = await RunningServer.StartAsync();
        var report = TopologyAggregatorTests.Report("r1", 5) with { Edges = [null!], Ejected = [null!] };

        var error = await Assert.ThrowsAsync<ControlPlaneException>(() => server.Join.ReportTopologyAsync(report));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("edges[0] is null", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Topology_FromLoopbackWithoutToken_ShowsReportedEdgesAndRegisteredInstances()
    {
        await using var server = await RunningServer.StartAsync();
        await server.Join.RegisterAsync(Registrations.Reviews("v2", 9083));
        await server.Join.ReportTopologyAsync(TopologyAggregatorTests.Report("r1", 5, new EdgeReport("reviews.default.svc.cluster.local", "v2", 12, 1, [0, 0, 12])));
        using var http = new HttpClient { BaseAddress = server.Address };

        using var topology = JsonDocument.Parse(await http.GetStringAsync(ApiRoutes.Topology));

        var edge = Assert.Single(topology.RootElement.GetProperty("edges").EnumerateArray());
        Assert.Equal("productpage.default:v1", edge.GetProperty("source").GetString());
        Assert.Equal("reviews.default:v2", edge.GetProperty("destination").GetString());
        Assert.Equal(12, edge.GetProperty("requests").GetInt64());
        Assert.Equal(1, edge.GetProperty("errors").GetInt64());
        var reviews = topology.RootElement.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("id").GetString() == "reviews.default:v2");
        Assert.Equal("service", reviews.GetProperty("kind").GetString());
        Assert.Equal("live", Assert.Single(reviews.GetProperty("instances").EnumerateArray()).GetProperty("lease").GetString());
        var productpage = topology.RootElement.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("id").GetString() == "productpage.default:v1");
        Assert.Equal("client", productpage.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Dashboard_AtTheRoot_ServesThePageAndItsAssets()
    {
        await using var server = await RunningServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.Address };

        using var page = await http.GetAsync("/");
        var html = await page.Content.ReadAsStringAsync();
        var script = await http.GetStringAsync("/dashboard/dashboard.js");
        using var missing = await http.GetAsync("/dashboard/nothing.js");

        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script src=\"/dashboard/dashboard.js\"></script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal); // nothing from a CDN
        Assert.Contains("/api/v1/topology", script, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Service_UnknownName_Is404WithAMessage()
    {
        await using var server = await RunningServer.StartAsync();

        using var http = new HttpClient { BaseAddress = server.Address };
        using var response = await http.GetAsync(ApiRoutes.Services + "/default/nothing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no service nothing in namespace default", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

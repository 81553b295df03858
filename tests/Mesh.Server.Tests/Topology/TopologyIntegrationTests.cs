using System.Text.Json;
using Mesh.Policy.Api;
using Mesh.Policy.Resources;
using Mesh.Testing;

namespace Mesh.Server.Tests.Topology;

/// <summary>
/// Real meshed callers report to a real control server, and the topology and service APIs show what happened:
/// exact request and error counts per destination version, and ejections by outlier detection.
/// </summary>
public sealed class TopologyIntegrationTests
{
    private const string DestinationRule = """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: reviews
        spec:
          host: reviews
          trafficPolicy:
            outlierDetection:
              consecutive5xxErrors: 1
              interval: 1s
              baseEjectionTime: 120s
              maxEjectionPercent: 100
          subsets:
          - name: v1
            labels:
              version: v1
          - name: v2
            labels:
              version: v2
        """;

    private const string VirtualService = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: reviews
        spec:
          hosts:
          - reviews
          http:
          - name: split
            route:
            - destination:
                host: reviews
                subset: v2
              weight: 50
            - destination:
                host: reviews
                subset: v3
              weight: 50
        """;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task MeshedCaller_ReportsEachDestinationVersion_WithExactCountsAndErrors()
    {
        await using var server = await RunningServer.StartAsync();
        await using var v1 = await Backend.StartAsync("reviews", "v1", server);
        await using var v2 = await Backend.StartAsync("reviews", "v2", server);
        v2.Behavior.FailureRate = 1;
        v2.Behavior.FailureStatus = 500;
        await WaitForInstancesAsync(server, 2);
        await using var caller = await MeshedClient.StartAsync(server, o =>
        {
            o.ServiceName = "productpage";
            o.Version = "v1";
            o.TopologyReportInterval = TimeSpan.FromMilliseconds(200);
        });

        const int sent = 40;
        for (var i = 0; i < sent; i++)
        {
            using var response = await caller.Http.GetAsync("http://reviews/reviews/0");
        }

        // Round robin over both versions; every request was answered by the one backend it reached (no retries of 500).
        Assert.Equal(sent, v1.Behavior.Requests + v2.Behavior.Requests);
        Assert.True(v1.Behavior.Requests > 0 && v2.Behavior.Requests > 0, $"v1 {v1.Behavior.Requests}, v2 {v2.Behavior.Requests}");
        var edges = await WaitForEdgesAsync(server, "productpage.default:v1", sent);

        Assert.Equal(v1.Behavior.Requests, edges["reviews.default:v1"].GetProperty("requests").GetInt64());
        Assert.Equal(0, edges["reviews.default:v1"].GetProperty("errors").GetInt64());
        Assert.Equal(1.0, edges["reviews.default:v1"].GetProperty("successRate").GetDouble());
        Assert.Equal(v2.Behavior.Requests, edges["reviews.default:v2"].GetProperty("requests").GetInt64());
        Assert.Equal(v2.Behavior.Requests, edges["reviews.default:v2"].GetProperty("errors").GetInt64());
        Assert.Equal(0.0, edges["reviews.default:v2"].GetProperty("successRate").GetDouble());
        Assert.True(edges["reviews.default:v1"].GetProperty("rps").GetDouble() > 0);
        Assert.True(edges["reviews.default:v1"].GetProperty("p50Ms").GetDouble() > 0);
    }

    [Fact]
    public async Task ServicePage_ShowsRoutesSubsetsPoliciesWithWarnings_AndEjectionsCallersReport()
    {
        await using var server = await RunningServer.StartAsync();
        await server.Admin.ApplyAsync(DestinationRule + "\n---\n" + VirtualService);
        await using var v1 = await Backend.StartAsync("reviews", "v1", server);
        await using var v2 = await Backend.StartAsync("reviews", "v2", server);
        v2.Behavior.FailureRate = 1;
        v2.Behavior.FailureStatus = 500;
        await WaitForInstancesAsync(server, 2);
        await using var caller = await MeshedClient.StartAsync(server, o =>
        {
            o.ServiceName = "productpage";
            o.Version = "v1";
            o.TopologyReportInterval = TimeSpan.FromMilliseconds(200);
        });

        // Half the requests go to v2 (the other half to v3, which no subset defines: 503 NC). v2 answers 500, and the
        // caller's outlier detection ejects it after the first.
        for (var i = 0; i < 30 && v2.Behavior.Requests == 0; i++)
        {
            using var response = await caller.Http.GetAsync("http://reviews/");
        }

        Assert.True(v2.Behavior.Requests > 0, "the route to subset v2 never reached v2");
        using var http = new HttpClient { BaseAddress = server.Address };
        var root = await Eventually.ValueAsync(async () =>
        {
            using var json = JsonDocument.Parse(await http.GetStringAsync(ApiRoutes.Services + "/default/reviews"));
            return json.RootElement.Clone();
        }, page => page.GetProperty("ejected").GetArrayLength() > 0, Patience, "the service page never showed the ejected v2 endpoint");

        Assert.Equal("reviews.default.svc.cluster.local", root.GetProperty("host").GetString());
        var ejected = Assert.Single(root.GetProperty("ejected").EnumerateArray());
        Assert.Equal("127.0.0.1:" + v2.Port, ejected.GetProperty("endpoint").GetString());
        Assert.Equal("v2", ejected.GetProperty("subset").GetString());
        Assert.Equal("productpage.default:v1", ejected.GetProperty("reportedBy").GetString());
        var route = Assert.Single(root.GetProperty("routes").EnumerateArray());
        Assert.Equal("split", route.GetProperty("name").GetString());
        Assert.Equal(["v2:50", "v3:50"], route.GetProperty("destinations").EnumerateArray().Select(d => d.GetProperty("subset").GetString() + ":" + d.GetProperty("weight").GetInt32()));
        var subsets = root.GetProperty("subsets").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("instances").GetInt32());
        Assert.Equal(1, subsets["v1"]);
        Assert.Equal(1, subsets["v2"]);
        var policies = root.GetProperty("policies").EnumerateArray().ToDictionary(p => p.GetProperty("kind").GetString()!);
        Assert.Contains("subset: v3", policies["VirtualService"].GetProperty("yaml").GetString(), StringComparison.Ordinal);
        var warning = Assert.Single(policies["VirtualService"].GetProperty("warnings").EnumerateArray());
        Assert.Equal("spec.http[0].route[1].destination.subset", warning.GetProperty("path").GetString());
        Assert.Contains("outlierDetection", policies["DestinationRule"].GetProperty("yaml").GetString(), StringComparison.Ordinal);
        var v2Instance = root.GetProperty("versions").EnumerateArray().Single(v => v.GetProperty("version").GetString() == "v2").GetProperty("instances")[0];
        Assert.Equal("live", v2Instance.GetProperty("lease").GetString());
        Assert.Equal(["productpage.default:v1"], v2Instance.GetProperty("ejectedBy").EnumerateArray().Select(e => e.GetString()));
    }

    private static async Task WaitForInstancesAsync(RunningServer server, int count) =>
        await Eventually.ValueAsync(async () => (await server.Admin.ListAsync(ResourceKinds.WorkloadEntry, null)).Items.Count, registered => registered >= count, Patience, $"{count} instances never registered");

    private static async Task<Dictionary<string, JsonElement>> WaitForEdgesAsync(RunningServer server, string source, long total)
    {
        using var http = new HttpClient { BaseAddress = server.Address };
        return await Eventually.ValueAsync(async () =>
        {
            using var topology = JsonDocument.Parse(await http.GetStringAsync(ApiRoutes.Topology));
            var edges = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var edge in topology.RootElement.GetProperty("edges").EnumerateArray())
            {
                if (edge.GetProperty("source").GetString() == source)
                {
                    edges[edge.GetProperty("destination").GetString()!] = edge.Clone();
                }
            }

            return edges;
        }, edges => edges.Values.Sum(e => e.GetProperty("requests").GetInt64()) >= total, Patience, $"the topology never showed {total} requests from {source}");
    }
}

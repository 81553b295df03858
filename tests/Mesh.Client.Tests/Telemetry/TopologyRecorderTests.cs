using System.Diagnostics;
using System.Net;
using Mesh.Client.Balancing;
using Mesh.Client.Http;
using Mesh.Client.Routing;
using Mesh.Client.Telemetry.Topology;
using Mesh.Policy.Api;

namespace Mesh.Client.Tests.Telemetry;

/// <summary>The client's per-edge counters: what an edge is, what counts as an error, and that counting is free.</summary>
public sealed class TopologyRecorderTests
{
    private const string Reviews = "reviews.default.svc.cluster.local";
    private static readonly long Ms = Stopwatch.Frequency / 1000;

    [Fact]
    public void Record_EndpointsOfOneVersion_CountInOneEdgeNamedByTheVersionLabel()
    {
        var recorder = new TopologyRecorder();
        var a = Endpoint(9082, "v1");
        var b = Endpoint(9083, "v1");
        var c = Endpoint(9084, "v2");

        recorder.Record(Reviews, "stable", a, 3 * Ms, error: false);
        recorder.Record(Reviews, "stable", b, 3 * Ms, error: true);
        recorder.Record(Reviews, "canary", c, 40 * Ms, error: false);
        var edges = recorder.Drain().ToDictionary(e => e.Version!);

        Assert.Equal(2, edges.Count);
        Assert.Equal((2L, 1L), (edges["v1"].Requests, edges["v1"].Errors));
        Assert.Equal(2, edges["v1"].LatencyBuckets[TopologyBuckets.IndexOf(3)]);
        Assert.Equal(1, edges["v2"].LatencyBuckets[TopologyBuckets.IndexOf(40)]);
        Assert.Equal(TopologyBuckets.IndexOf(40) + 1, edges["v2"].LatencyBuckets.Count); // trailing empty buckets left out
    }

    [Fact]
    public void Record_WithoutAnEndpointOrVersionLabel_NamesTheEdgeBySubset()
    {
        var recorder = new TopologyRecorder();

        recorder.Record(Reviews, "v3", null, Ms, error: true);
        recorder.Record(Reviews, "v3", new EndpointState("127.0.0.1", 9085, new Dictionary<string, string>()), Ms, error: false);

        var edge = Assert.Single(recorder.Drain());
        Assert.Equal("v3", edge.Version);
        Assert.Equal(2, edge.Requests);
    }

    [Fact]
    public void Drain_TakesTheDeltaOnce()
    {
        var recorder = new TopologyRecorder();
        recorder.Record(Reviews, null, Endpoint(9082, "v1"), Ms, error: false);

        Assert.Single(recorder.Drain());
        Assert.Empty(recorder.Drain());
    }

    [Theory]
    [InlineData(200, false, false)]
    [InlineData(404, false, false)] // the upstream's own 404 is an answer, not a failure
    [InlineData(404, true, true)]   // NR: no route, the mesh's failure
    [InlineData(400, true, true)]   // FI: an injected abort
    [InlineData(500, false, true)]
    [InlineData(503, true, true)]
    public void Record_Response_ErrorsAre5xxAndFailuresTheMeshProduced(int status, bool flagged, bool error)
    {
        var recorder = new TopologyRecorder();
        using var response = new HttpResponseMessage((HttpStatusCode)status);
        if (flagged)
        {
            response.Headers.TryAddWithoutValidation(ResponseFlags.Header, ResponseFlags.NoRoute);
        }

        recorder.Record(SubsetTarget.Missing(Reviews, "v1"), null, response, Stopwatch.GetTimestamp());

        Assert.Equal(error ? 1 : 0, Assert.Single(recorder.Drain()).Errors);
    }

    [Fact]
    public void Record_AfterAnEdgesFirstRequest_AllocatesNothing()
    {
        var recorder = new TopologyRecorder();
        var endpoint = Endpoint(9082, "v1");
        recorder.Record(Reviews, "v1", endpoint, Ms, error: false);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            recorder.Record(Reviews, "v1", endpoint, i * Ms / 100, error: (i & 7) == 0);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(10_001, Assert.Single(recorder.Drain()).Requests);
    }

    private static EndpointState Endpoint(int port, string version) =>
        new("127.0.0.1", port, new Dictionary<string, string> { ["app"] = "reviews", ["version"] = version });
}

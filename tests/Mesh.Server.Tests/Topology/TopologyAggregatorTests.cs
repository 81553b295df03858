using Mesh.Policy.Api;
using Mesh.Server.Topology;
using Mesh.Testing;

namespace Mesh.Server.Tests.Topology;

/// <summary>The server's sliding windows: rates, success rates and percentiles under a fake clock.</summary>
public sealed class TopologyAggregatorTests
{
    private const string Reviews = "reviews.default.svc.cluster.local";
    private readonly FakeTimeProvider _time = new();
    private readonly TopologyAggregator _aggregator;

    public TopologyAggregatorTests() => _aggregator = new TopologyAggregator(_time, new TopologyWindowOptions());

    [Fact]
    public void Ingest_FirstReport_RateCountsTheIntervalItCovers()
    {
        _aggregator.Ingest(Report("r1", 5, Edge("v1", 50)));

        var (key, stats) = Assert.Single(_aggregator.Edges());

        Assert.Equal(new WorkloadKey("default", "productpage", "v1"), key.Source);
        Assert.Equal(new WorkloadKey("default", "reviews", "v1"), key.Destination);
        Assert.Equal("reviews.default:v1", key.Destination.Id);
        Assert.Equal(50, stats.Requests);
        Assert.Equal(10, stats.Rps, 3); // 50 requests over the 5 s the report covers, not over the 60 s window
    }

    [Fact]
    public void Ingest_WithNobodyReading_ForgetsExpiredReportersAndEdges()
    {
        // Each restarted client reports under a new id; without a dashboard read nothing else prunes.
        for (var i = 0; i < 50; i++)
        {
            _aggregator.Ingest(Report("restarted-" + i, 5, new EdgeReport($"svc{i}.default.svc.cluster.local", "v1", 1, 0, [1])));
        }

        _time.Advance(new TopologyWindowOptions().ReporterTtl + TimeSpan.FromSeconds(1));
        _aggregator.Ingest(Report("live", 5, Edge("v1", 1)));

        Assert.Equal((1, 1), _aggregator.Held);
    }

    [Fact]
    public void Ingest_ReportsOverTime_RateIsRequestsOverElapsedTime()
    {
        for (var i = 0; i < 6; i++)
        {
            _aggregator.Ingest(Report("r1", 5, Edge("v1", 20)));
            _time.Advance(TimeSpan.FromSeconds(5));
        }

        var (_, stats) = Assert.Single(_aggregator.Edges());

        // 120 requests from 5 s before the first report to now (6 reports, 5 s apart, then 5 s more): 35 s.
        Assert.Equal(120, stats.Requests);
        Assert.Equal(120 / 35.0, stats.Rps, 3);
    }

    [Fact]
    public void Edges_AfterTheWindowWithoutReports_AreForgotten()
    {
        _aggregator.Ingest(Report("r1", 5, Edge("v1", 10)));
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Single(_aggregator.Edges());

        _time.Advance(TimeSpan.FromSeconds(31));

        Assert.Empty(_aggregator.Edges());
    }

    [Fact]
    public void Window_OldSlotsSlideOut_RecentOnesStay()
    {
        _aggregator.Ingest(Report("r1", 5, Edge("v1", 100)));
        _time.Advance(TimeSpan.FromSeconds(40));
        _aggregator.Ingest(Report("r1", 5, Edge("v1", 7)));
        _time.Advance(TimeSpan.FromSeconds(25));

        var (_, stats) = Assert.Single(_aggregator.Edges());

        Assert.Equal(7, stats.Requests);
        Assert.Equal(60, stats.Seconds, 3);
    }

    [Fact]
    public void Ingest_Errors_GiveTheSuccessRate()
    {
        _aggregator.Ingest(Report("r1", 5, Edge("v1", 200, errors: 6)));

        var (_, stats) = Assert.Single(_aggregator.Edges());

        Assert.Equal(6, stats.Errors);
        Assert.Equal(0.97, stats.SuccessRate!.Value, 6);
    }

    [Fact]
    public void Ingest_InstancesOfOneVersion_MergeIntoOneEdge_VersionsStayApart()
    {
        _aggregator.Ingest(Report("r1", 5, Edge("v1", 30), Edge("v2", 3)));
        _aggregator.Ingest(Report("r2", 5, Edge("v1", 60)));

        var edges = _aggregator.Edges().ToDictionary(e => e.Key.Destination.Version, e => e.Stats.Requests);

        Assert.Equal(90, edges["v1"]);
        Assert.Equal(3, edges["v2"]);
    }

    [Fact]
    public void Percentiles_InterpolateInsideTheBucketThatHoldsTheRank()
    {
        // 500 requests in (1, 2] ms, 480 in (7.5, 10] ms, 20 in (150, 200] ms.
        var buckets = new long[TopologyBuckets.Count];
        buckets[TopologyBuckets.IndexOf(1.5)] = 500;
        buckets[TopologyBuckets.IndexOf(9)] = 480;
        buckets[TopologyBuckets.IndexOf(180)] = 20;
        _aggregator.Ingest(Report("r1", 5, new EdgeReport(Reviews, "v1", 1000, 0, buckets)));

        var (_, stats) = Assert.Single(_aggregator.Edges());

        Assert.Equal(2.0, stats.P50!.Value, 6);   // rank 500 is the last of the first bucket
        Assert.Equal(175.0, stats.P99!.Value, 6); // rank 990 is halfway through the 20 in (150, 200]
    }

    [Fact]
    public void Percentiles_InTheOverflowBucket_ReportTheLastBound()
    {
        var buckets = new long[TopologyBuckets.Count];
        buckets[^1] = 10;
        var stats = new EdgeStats(10, 0, buckets, 5);

        Assert.Equal(10_000, stats.P50);
        Assert.Null(new EdgeStats(0, 0, new long[TopologyBuckets.Count], 5).P50);
    }

    [Fact]
    public void Reporters_SilentLongerThanTheirTtl_AreForgotten()
    {
        _aggregator.Ingest(Report("r1", 5) with { Ejected = [new EjectedEndpointReport(Reviews, "v1", "127.0.0.1:9082", 30)] });
        Assert.Single(Assert.Single(_aggregator.Reporters()).Ejected);

        _time.Advance(TimeSpan.FromMinutes(3));

        Assert.Empty(_aggregator.Reporters());
    }

    [Fact]
    public void Ingest_ExternalHost_IsANodeOfItsOwn()
    {
        _aggregator.Ingest(Report("r1", 5, new EdgeReport("www.googleapis.com", null, 4, 0, [4])));

        var (key, _) = Assert.Single(_aggregator.Edges());

        Assert.Equal(new WorkloadKey("", "www.googleapis.com", ""), key.Destination);
        Assert.Equal("www.googleapis.com", key.Destination.Id);
    }

    internal static TopologyReport Report(string reporter, double interval, params EdgeReport[] edges) => new()
    {
        Source = new TopologySource("productpage", "default", "v1", reporter, null),
        IntervalSeconds = interval,
        Edges = edges,
    };

    private static EdgeReport Edge(string version, long requests, long errors = 0)
    {
        var buckets = new long[TopologyBuckets.Count];
        buckets[TopologyBuckets.IndexOf(3)] = requests;
        return new EdgeReport(Reviews, version, requests, errors, buckets);
    }
}

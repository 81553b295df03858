using System.Diagnostics.Metrics;
using Mesh.Client.Telemetry.Prometheus;

namespace Mesh.Client.Tests.Telemetry;

/// <summary>Series lookup: the recent-series shortcut must never credit a measurement to another label set.</summary>
public sealed class InstrumentStateTests
{
    [Fact]
    public void Record_ManyLabelSetsInTurn_EachSeriesGetsExactlyItsOwn()
    {
        using var meter = new Meter("Mesh.Tests.Series." + Guid.NewGuid().ToString("N"));
        using var aggregator = new MetricsAggregator(i => i.Meter == meter);
        var counter = meter.CreateCounter<long>("demo.requests");

        // More label sets than the recent slots hold, sharing every label but the last (so a comparison that
        // stopped early would confuse them), each passed as a fresh array.
        string[] versions = ["v1", "v2", "v3", "v4", "v5", "v6"];
        for (var round = 0; round < 50; round++)
        {
            for (var v = 0; v < versions.Length; v++)
            {
                counter.Add(v + 1, [new("service", "reviews"), new("code", "200"), new("version", versions[v])]);
            }
        }

        var series = aggregator.Collect().Single(s => s.Instrument == counter).Series;
        Assert.Equal(versions.Length, series.Count);
        foreach (var one in series)
        {
            var version = (string)one.Tags.Single(t => t.Key == "version").Value!;
            Assert.Equal(50 * (Array.IndexOf(versions, version) + 1), one.Value);
        }
    }

    [Fact]
    public async Task Record_ConcurrentlyUnderFewLabelSets_LosesNothing()
    {
        using var meter = new Meter("Mesh.Tests.Series." + Guid.NewGuid().ToString("N"));
        using var aggregator = new MetricsAggregator(i => i.Meter == meter);
        var counter = meter.CreateCounter<long>("demo.requests");
        KeyValuePair<string, object?>[][] labelSets = [[new("version", "v1")], [new("version", "v2")], [new("version", "v3")]];

        await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                counter.Add(1, labelSets[(i + worker) % labelSets.Length]);
            }
        })));

        var series = aggregator.Collect().Single(s => s.Instrument == counter).Series;
        Assert.Equal(3, series.Count);
        Assert.Equal(40_000, series.Sum(s => s.Value));
    }
}

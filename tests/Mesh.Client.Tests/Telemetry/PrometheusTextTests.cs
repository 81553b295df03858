using System.Diagnostics.Metrics;
using Mesh.Client.Telemetry.Prometheus;

namespace Mesh.Client.Tests.Telemetry;

/// <summary>The exposition format itself, on a private meter (checked by the real promtool too).</summary>
public sealed class PrometheusTextTests
{
    [Fact]
    public async Task Write_CountersGaugesHistograms_InTextFormat()
    {
        using var meter = new Meter("Mesh.Tests.Exposition." + Guid.NewGuid().ToString("N"));
        using var aggregator = new MetricsAggregator(i => i.Meter == meter);
        var requests = meter.CreateCounter<long>("demo.requests", description: "Requests\nwith a newline and a \\ backslash");
        var sizes = meter.CreateHistogram("demo_size", "By", "Sizes", tags: null, new InstrumentAdvice<long> { HistogramBucketBoundaries = [10, 100] });
        meter.CreateObservableGauge("demo_inflight", () => 7, description: "In flight");
        var label = new KeyValuePair<string, object?>("path_class", "a \"quoted\" \\ value\nnext");
        requests.Add(2, label);
        requests.Add(3, label);
        sizes.Record(5);
        sizes.Record(50);
        sizes.Record(500);

        var text = PrometheusText.Write(aggregator.Collect());

        Assert.Contains("# HELP demo_requests_total Requests\\nwith a newline and a \\\\ backslash\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE demo_requests_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("demo_requests_total{path_class=\"a \\\"quoted\\\" \\\\ value\\nnext\"} 5\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE demo_size histogram\n", text, StringComparison.Ordinal);
        Assert.Contains("demo_size_bucket{le=\"10\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("demo_size_bucket{le=\"100\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("demo_size_bucket{le=\"+Inf\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("demo_size_sum 555\n", text, StringComparison.Ordinal);
        Assert.Contains("demo_size_count 3\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE demo_inflight gauge\ndemo_inflight 7\n", text, StringComparison.Ordinal);
        Assert.Empty(await Mesh.Testing.Promtool.CheckMetricsAsync(text));
    }

    [Fact]
    public void Record_EqualLabelsFromDifferentStrings_MergeIntoOneSeries()
    {
        using var meter = new Meter("Mesh.Tests.Merge." + Guid.NewGuid().ToString("N"));
        using var aggregator = new MetricsAggregator(i => i.Meter == meter);
        var counter = meter.CreateCounter<long>("merged_total");
        counter.Add(1, new KeyValuePair<string, object?>("k", new string('v', 3)));
        counter.Add(1, new KeyValuePair<string, object?>("k", new string('v', 3)));

        var text = PrometheusText.Write(aggregator.Collect());

        Assert.Contains("merged_total{k=\"vvv\"} 2\n", text, StringComparison.Ordinal);
    }
}

using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Mesh.Client.Telemetry.Prometheus;

namespace Mesh.Benchmarks.Experiments;

/// <summary>
/// Experiment: one measurement's way to its series in Mesh's Prometheus aggregator, under a label set shaped like
/// Istio's (17 labels, cached arrays). The baseline records under one label set, which the recent-series shortcut
/// finds; the other row cycles through more label sets than the shortcut holds, so that every measurement goes
/// to the dictionary (hashing and comparing its tags), as every measurement did before the shortcut.
/// </summary>
// Kept: it backs InstrumentState's shortcut of recent series, which the end-to-end runs cannot resolve.
[MemoryDiagnoser]
public class SeriesLookupBenchmarks
{
    private const int LabelSets = 8;
    private readonly KeyValuePair<string, object?>[][] _labels = new KeyValuePair<string, object?>[LabelSets][];
    private Meter _meter = null!;
    private MetricsAggregator _aggregator = null!;
    private Counter<long> _counter = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _meter = new Meter("Mesh.Benchmarks.SeriesLookup");
        _aggregator = new MetricsAggregator(i => i.Meter == _meter);
        _counter = _meter.CreateCounter<long>("istio_requests_total");
        string[] names =
        [
            "reporter", "source_workload", "source_workload_namespace", "source_principal", "source_app", "source_version",
            "source_canonical_service", "destination_workload", "destination_workload_namespace", "destination_principal",
            "destination_app", "destination_version", "destination_service", "request_protocol", "response_code",
            "response_flags", "connection_security_policy",
        ];
        for (var set = 0; set < LabelSets; set++)
        {
            // Equal in every label but the last but one, as a destination's versions are.
            _labels[set] = [.. names.Select((name, i) => new KeyValuePair<string, object?>(name, i == 11 ? "v" + set : "value-" + i))];
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _aggregator.Dispose();
        _meter.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void RecentSeries() => _counter.Add(1, _labels[0]);

    [Benchmark]
    public void DictionaryEveryTime() => _counter.Add(1, _labels[_next++ % LabelSets]);
}

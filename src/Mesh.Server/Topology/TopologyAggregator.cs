using System.Collections.Concurrent;
using Mesh.Policy.Api;

namespace Mesh.Server.Topology;

/// <summary>
/// The live topology, in memory: every report's edge deltas added to a sliding window per edge (sources of the
/// same service version are merged, as Kiali's versioned-app graph does), and each reporter's latest state.
/// Nothing is persisted: after a restart the graph fills again within one report interval.
/// </summary>
internal sealed class TopologyAggregator(TimeProvider time, TopologyWindowOptions options)
{
    private readonly ConcurrentDictionary<EdgeKey, EdgeWindow> _edges = new();
    private readonly ConcurrentDictionary<string, ReporterState> _reporters = new(StringComparer.Ordinal);
    private long _lastPrune;

    public TopologyWindowOptions Options => options;

    public void Ingest(TopologyReport report)
    {
        var source = new WorkloadKey(report.Source.Namespace, report.Source.Service, report.Source.Version ?? "");
        foreach (var edge in report.Edges)
        {
            var key = new EdgeKey(source, WorkloadKey.OfHost(edge.Host, edge.Version));
            var window = _edges.GetOrAdd(key, static (_, self) => new EdgeWindow(self.time, self.options), (time, options));
            window.Add(edge.Requests, edge.Errors, edge.LatencyBuckets, report.IntervalSeconds);
        }

        var now = time.GetTimestamp();
        _reporters[report.Source.ReporterId] = new ReporterState(report.Source, report.Ejected, report.CertificateNotAfter, now, time.GetUtcNow());
        PruneNow(now);
    }

    /// <summary>Reporters and edges held in memory, expired ones included until the next prune.</summary>
    internal (int Reporters, int Edges) Held => (_reporters.Count, _edges.Count);

    // Reads prune, but a server nobody reads (no dashboard open) kept every restarted client's reporter and every
    // edge it ever saw; so reports prune too, at most once per window, so that a busy server does not scan per report.
    private void PruneNow(long now)
    {
        var last = Interlocked.Read(ref _lastPrune);
        if (last != 0 && time.GetElapsedTime(last, now) < options.Window)
        {
            return;
        }

        if (Interlocked.CompareExchange(ref _lastPrune, now, last) != last)
        {
            return;
        }

        _ = Reporters();
        _ = Edges();
    }

    /// <summary>Every edge with traffic in the window; edges whose window emptied are forgotten.</summary>
    public List<(EdgeKey Key, EdgeStats Stats)> Edges()
    {
        var edges = new List<(EdgeKey, EdgeStats)>();
        foreach (var (key, window) in _edges)
        {
            if (window.Read() is { } stats)
            {
                edges.Add((key, stats));
            }
            else
            {
                _edges.TryRemove(new KeyValuePair<EdgeKey, EdgeWindow>(key, window));
            }
        }

        return edges;
    }

    /// <summary>The reporters heard from within <see cref="TopologyWindowOptions.ReporterTtl"/>.</summary>
    public List<ReporterState> Reporters()
    {
        var now = time.GetTimestamp();
        var live = new List<ReporterState>();
        foreach (var (id, state) in _reporters)
        {
            if (time.GetElapsedTime(state.ReceivedAt, now) <= options.ReporterTtl)
            {
                live.Add(state);
            }
            else
            {
                _reporters.TryRemove(new KeyValuePair<string, ReporterState>(id, state));
            }
        }

        return live;
    }
}

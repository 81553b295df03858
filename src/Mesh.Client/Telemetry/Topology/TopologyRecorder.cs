using System.Collections.Concurrent;
using System.Diagnostics;
using Mesh.Client.Balancing;
using Mesh.Client.Http;
using Mesh.Client.Routing;
using Mesh.Policy.Api;

namespace Mesh.Client.Telemetry.Topology;

/// <summary>
/// Counts every mesh request per edge (destination host and version) for the live topology. The per-request path
/// is one reference-keyed lookup of the answering endpoint's edge, then a few <see cref="Interlocked"/> increments;
/// an edge's slot is created on its first request only.
/// </summary>
internal sealed class TopologyRecorder
{
    /// <summary>More endpoints than this in the cache means churn (endpoints that came and went): start afresh.</summary>
    private const int MaxCachedEndpoints = 4096;

    private static readonly long[] BoundTicks = ComputeBoundTicks();

    private readonly ConcurrentDictionary<(string Host, string? Version), EdgeCounters> _edges = new();

    // The endpoint's edge, so that a request does not hash strings: endpoints keep their state object (and labels)
    // across snapshots, and a new instance at the same address gets a new object.
    private readonly ConcurrentDictionary<EndpointState, EdgeCounters> _byEndpoint = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// Records a finished mesh request: <paramref name="started"/> is its <see cref="Stopwatch.GetTimestamp"/> at the
    /// start; <paramref name="endpoint"/> the one that answered last, if one was picked.
    /// </summary>
    public void Record(SubsetTarget target, EndpointState? endpoint, HttpResponseMessage response, long started) =>
        Record(target.Service, target.Subset, endpoint, Stopwatch.GetTimestamp() - started, IsError(response));

    /// <summary>Whether <paramref name="response"/> counts as an error on its edge.</summary>
    public static bool IsError(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;

        // A 5xx is an error whoever produced it; a 4xx only when the mesh produced it (no route, injected abort).
        return status >= 500 || (status >= 400 && response.Headers.NonValidated.Contains(ResponseFlags.Header));
    }

    /// <summary>Records a request to <paramref name="host"/> that took <paramref name="elapsedTicks"/> (Stopwatch ticks).</summary>
    public void Record(string host, string? subset, EndpointState? endpoint, long elapsedTicks, bool error)
    {
        EdgeCounters? edge;
        if (endpoint is null)
        {
            edge = EdgeOf(host, subset);
        }
        else if (!_byEndpoint.TryGetValue(endpoint, out edge) || !string.Equals(edge.Host, host, StringComparison.Ordinal))
        {
            var version = endpoint.Labels.TryGetValue("version", out var v) ? v : subset;
            edge = EdgeOf(host, version);
            _byEndpoint[endpoint] = edge;
        }

        edge.Record(BucketOf(elapsedTicks), error);
    }

    /// <summary>The deltas since the last drain, of every edge that had requests.</summary>
    public List<EdgeReport> Drain()
    {
        var reports = new List<EdgeReport>();
        foreach (var (_, edge) in _edges)
        {
            if (edge.Drain() is { } report)
            {
                reports.Add(report);
            }
        }

        if (_byEndpoint.Count > MaxCachedEndpoints)
        {
            _byEndpoint.Clear();
        }

        return reports;
    }

    private EdgeCounters EdgeOf(string host, string? version) =>
        _edges.GetOrAdd((host, version), static key => new EdgeCounters(key.Host, key.Version));

    private static int BucketOf(long elapsedTicks)
    {
        var bounds = BoundTicks;
        for (var i = 0; i < bounds.Length; i++)
        {
            if (elapsedTicks <= bounds[i])
            {
                return i;
            }
        }

        return bounds.Length;
    }

    private static long[] ComputeBoundTicks()
    {
        var bounds = TopologyBuckets.UpperBoundsMs;
        var ticks = new long[bounds.Length];
        for (var i = 0; i < bounds.Length; i++)
        {
            ticks[i] = (long)(bounds[i] * Stopwatch.Frequency / 1000.0);
        }

        return ticks;
    }
}

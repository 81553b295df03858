using Mesh.Policy.Api;

namespace Mesh.Client.Telemetry.Topology;

/// <summary>
/// The counters of one edge (this workload → one destination host and version): created on the edge's first
/// request, then only incremented with <see cref="Interlocked"/> by requests and drained by the reporter. No lock,
/// no allocation per request.
/// </summary>
internal sealed class EdgeCounters(string host, string? version)
{
    private readonly long[] _buckets = new long[TopologyBuckets.Count];
    private long _requests;
    private long _errors;

    public string Host { get; } = host;

    public string? Version { get; } = version;

    public void Record(int bucket, bool error)
    {
        Interlocked.Increment(ref _buckets[bucket]);
        if (error)
        {
            Interlocked.Increment(ref _errors);
        }

        // Counted last, so that a drain that sees the request has (almost always) seen its bucket too.
        Interlocked.Increment(ref _requests);
    }

    /// <summary>
    /// Takes what was counted since the last drain and zeroes it, or returns null when there was nothing. A request
    /// that lands mid-drain may have its bucket in this delta and its count in the next: the sums stay exact.
    /// </summary>
    public EdgeReport? Drain()
    {
        var requests = Interlocked.Exchange(ref _requests, 0);
        if (requests == 0)
        {
            return null;
        }

        var errors = Interlocked.Exchange(ref _errors, 0);
        var last = -1;
        var buckets = new long[_buckets.Length];
        for (var i = 0; i < buckets.Length; i++)
        {
            buckets[i] = Interlocked.Exchange(ref _buckets[i], 0);
            if (buckets[i] != 0)
            {
                last = i;
            }
        }

        return new EdgeReport(Host, Version, requests, errors, buckets.AsSpan(0, last + 1).ToArray());
    }
}

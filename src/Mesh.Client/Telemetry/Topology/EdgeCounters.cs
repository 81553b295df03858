using Mesh.Policy.Api;

namespace Mesh.Client.Telemetry.Topology;

/// <summary>
/// The counters of one edge (this workload → one destination host and version): created on the edge's first
/// request, then only incremented with <see cref="Interlocked"/> by requests and drained by the reporter. No lock,
/// no allocation per request, and one atomic increment for a success: the request count is the buckets' sum.
/// </summary>
internal sealed class EdgeCounters(string host, string? version)
{
    private readonly long[] _buckets = new long[TopologyBuckets.Count];
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
    }

    /// <summary>
    /// Takes what was counted since the last drain and zeroes it, or returns null when there was nothing. A failed
    /// request that lands mid-drain may have its error in one delta and its bucket in the next: the sums stay exact.
    /// </summary>
    public EdgeReport? Drain()
    {
        long requests = 0;
        var last = -1;
        var buckets = new long[_buckets.Length];
        for (var i = 0; i < buckets.Length; i++)
        {
            if (Volatile.Read(ref _buckets[i]) == 0)
            {
                continue;
            }

            buckets[i] = Interlocked.Exchange(ref _buckets[i], 0);
            requests += buckets[i];
            last = i;
        }

        if (requests == 0)
        {
            return null;
        }

        // Never more errors than requests in one delta (an error counted before its bucket waits for the next).
        var errors = Interlocked.Exchange(ref _errors, 0);
        if (errors > requests)
        {
            Interlocked.Add(ref _errors, errors - requests);
            errors = requests;
        }

        return new EdgeReport(Host, Version, requests, errors, buckets.AsSpan(0, last + 1).ToArray());
    }
}

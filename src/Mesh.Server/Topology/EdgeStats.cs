using Mesh.Policy.Api;

namespace Mesh.Server.Topology;

/// <summary>An edge's traffic over the window: counts, latency buckets and the seconds they cover.</summary>
internal sealed record EdgeStats(long Requests, long Errors, long[] Buckets, double Seconds)
{
    /// <summary>Requests per second over the covered time.</summary>
    public double Rps => Seconds > 0 ? Requests / Seconds : 0;

    /// <summary>The share of requests that were not errors, 0 to 1; null without requests.</summary>
    public double? SuccessRate => Requests > 0 ? (Requests - Errors) / (double)Requests : null;

    /// <summary>The median latency in milliseconds, estimated from the buckets.</summary>
    public double? P50 => Percentile(0.50);

    /// <summary>The 99th percentile latency in milliseconds, estimated from the buckets.</summary>
    public double? P99 => Percentile(0.99);

    /// <summary>
    /// The <paramref name="quantile"/> latency: the bucket where the cumulative count reaches the rank, interpolated
    /// linearly inside it (as Prometheus's histogram_quantile does). The overflow bucket reports its lower bound.
    /// </summary>
    public double? Percentile(double quantile)
    {
        long total = 0;
        foreach (var count in Buckets)
        {
            total += count;
        }

        if (total == 0)
        {
            return null;
        }

        var bounds = TopologyBuckets.UpperBoundsMs;
        var rank = quantile * total;
        long cumulative = 0;
        for (var i = 0; i < Buckets.Length; i++)
        {
            var previous = cumulative;
            cumulative += Buckets[i];
            if (Buckets[i] == 0 || cumulative < rank)
            {
                continue;
            }

            if (i >= bounds.Length)
            {
                return bounds[^1];
            }

            var lower = i == 0 ? 0 : bounds[i - 1];
            var fraction = (rank - previous) / Buckets[i];
            return lower + ((bounds[i] - lower) * fraction);
        }

        return bounds[^1];
    }
}

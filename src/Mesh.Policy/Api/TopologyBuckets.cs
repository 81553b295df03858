namespace Mesh.Policy.Api;

/// <summary>
/// The fixed latency buckets of topology reports, shared by the clients that count and the server that estimates
/// percentiles. Log-scale (about 1.5x apart) from 0.5 ms to 10 s, then one overflow bucket: enough resolution for
/// p50/p99 within a bucket's width, at 26 counters per edge.
/// </summary>
public static class TopologyBuckets
{
    private static readonly double[] Bounds =
        [0.5, 1, 2, 3, 5, 7.5, 10, 15, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 7500, 10000];

    /// <summary>The number of buckets: one per upper bound, plus the overflow bucket.</summary>
    public static int Count => Bounds.Length + 1;

    /// <summary>The inclusive upper bound of each bucket but the last, in milliseconds.</summary>
    public static ReadOnlySpan<double> UpperBoundsMs => Bounds;

    /// <summary>The index of the bucket that holds <paramref name="milliseconds"/>.</summary>
    public static int IndexOf(double milliseconds)
    {
        for (var i = 0; i < Bounds.Length; i++)
        {
            if (milliseconds <= Bounds[i])
            {
                return i;
            }
        }

        return Bounds.Length;
    }
}

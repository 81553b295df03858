namespace Mesh.Client.Telemetry.Prometheus;

/// <summary>
/// One time series' running value: a sum (counters), the last value (gauges), or bucket counts, sum and count
/// (histograms). Updated lock-free by concurrent measurements; read by the exposition.
/// </summary>
internal sealed class Series(KeyValuePair<string, object?>[] tags, int buckets)
{
    private readonly long[] _buckets = buckets == 0 ? [] : new long[buckets + 1];
    private double _value;
    private long _count;

    public KeyValuePair<string, object?>[] Tags { get; } = tags;

    /// <summary>The sum (counters, histograms) or last value (gauges).</summary>
    public double Value => Volatile.Read(ref _value);

    public long Count => Interlocked.Read(ref _count);

    /// <summary>Count per bucket (not cumulative); the last one is the +Inf bucket.</summary>
    public ReadOnlySpan<long> Buckets => _buckets;

    public void Add(double value)
    {
        double current, next;
        do
        {
            current = Volatile.Read(ref _value);
            next = current + value;
        }
        while (Interlocked.CompareExchange(ref _value, next, current) != current);
    }

    public void Set(double value) => Volatile.Write(ref _value, value);

    public void Observe(double value, double[] bounds)
    {
        var i = 0;
        while (i < bounds.Length && value > bounds[i])
        {
            i++;
        }

        Interlocked.Increment(ref _buckets[i]);
        Interlocked.Increment(ref _count);
        Add(value);
    }
}

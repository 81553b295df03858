using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Mesh.Client.Telemetry.Prometheus;

/// <summary>The series of one instrument, and how its measurements combine (<see cref="MetricKind"/>).</summary>
internal sealed class InstrumentState
{
    private static readonly double[] DefaultBuckets = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    // How many recently used series are tried before the dictionary (a destination with a 90/10 split, say, has
    // two label sets per status; four covers that with room).
    private const int RecentCount = 4;

    // The series of recent measurements, tried by comparing tags before hashing them: a request records four
    // instruments under Istio's 17 labels, and hashing those tags for each lookup was the largest single item of
    // a meshed request with metrics on (docs/performance.md). Entries are replaced without locks; a stale entry
    // is still a series of this instrument, and one is used only when its tags equal the measurement's.
    private readonly Series?[] _recent = new Series?[RecentCount];
    private int _nextRecent;
    private readonly ConcurrentDictionary<KeyValuePair<string, object?>[], Series> _series = new(TagSetComparer.Instance);
    private readonly ConcurrentDictionary<KeyValuePair<string, object?>[], Series>.AlternateLookup<ReadOnlySpan<KeyValuePair<string, object?>>> _lookup;

    private InstrumentState(Instrument instrument, MetricKind kind, double[] bounds)
    {
        Instrument = instrument;
        Kind = kind;
        Bounds = bounds;
        _lookup = _series.GetAlternateLookup<ReadOnlySpan<KeyValuePair<string, object?>>>();
    }

    public Instrument Instrument { get; }

    public MetricKind Kind { get; }

    /// <summary>Histogram bucket upper bounds (empty for other kinds).</summary>
    public double[] Bounds { get; }

    public ICollection<Series> Series => _series.Values;

    /// <summary>The state for an instrument, or null for a kind the exposition does not carry.</summary>
    public static InstrumentState? Create(Instrument instrument) => instrument switch
    {
        Counter<long> or Counter<int> or Counter<double> or ObservableCounter<long> or ObservableCounter<int> or ObservableCounter<double>
            => new(instrument, instrument.IsObservable ? MetricKind.ObservedCounter : MetricKind.Counter, []),
        UpDownCounter<long> or UpDownCounter<int> or UpDownCounter<double> => new(instrument, MetricKind.UpDownCounter, []),
        ObservableUpDownCounter<long> or ObservableUpDownCounter<int> or ObservableUpDownCounter<double>
            or ObservableGauge<long> or ObservableGauge<int> or ObservableGauge<double>
            or Gauge<long> or Gauge<int> or Gauge<double> => new(instrument, MetricKind.Gauge, []),
        Histogram<double> h => new(instrument, MetricKind.Histogram, h.Advice?.HistogramBucketBoundaries?.ToArray() ?? DefaultBuckets),
        Histogram<long> h => new(instrument, MetricKind.Histogram, h.Advice?.HistogramBucketBoundaries is { } b ? [.. b.Select(static v => (double)v)] : DefaultBuckets),
        Histogram<int> h => new(instrument, MetricKind.Histogram, h.Advice?.HistogramBucketBoundaries is { } b ? [.. b.Select(static v => (double)v)] : DefaultBuckets),
        _ => null,
    };

    /// <summary>Adds one measurement (the hot path: a lookup by the tags' references, no allocation for a known series).</summary>
    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var series = Recent(tags) ?? Find(tags);
        switch (Kind)
        {
            case MetricKind.Counter:
            case MetricKind.UpDownCounter:
                series.Add(value);
                break;
            case MetricKind.Histogram:
                series.Observe(value, Bounds);
                break;
            default:
                series.Set(value);
                break;
        }
    }

    /// <summary>The series of <paramref name="tags"/>, made on first use (for a caller that records into it itself).</summary>
    public Series SeriesOf(ReadOnlySpan<KeyValuePair<string, object?>> tags) => Recent(tags) ?? Find(tags);

    private Series? Recent(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var candidate in _recent)
        {
            if (candidate is not null && TagSetComparer.Instance.Equals(tags, candidate.Tags))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The series of <paramref name="tags"/> from the dictionary (made on first use), remembered as recent.</summary>
    private Series Find(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (!_lookup.TryGetValue(tags, out var series))
        {
            var created = new Series(tags.ToArray(), Bounds.Length);
            series = _lookup.TryAdd(tags, created) ? created : _lookup[tags];
        }

        // A lost increment under a race only means two writers pick the same slot.
        var slot = (int)((uint)_nextRecent++ % RecentCount);
        Volatile.Write(ref _recent[slot], series);
        return series;
    }
}

/// <summary>How measurements of an instrument combine, and which Prometheus type it is exposed as.</summary>
internal enum MetricKind
{
    /// <summary>Added up; a Prometheus counter.</summary>
    Counter,

    /// <summary>An observed running total; a Prometheus counter.</summary>
    ObservedCounter,

    /// <summary>Added up, may go down; a Prometheus gauge.</summary>
    UpDownCounter,

    /// <summary>The last value; a Prometheus gauge.</summary>
    Gauge,

    /// <summary>Bucketed; a Prometheus histogram.</summary>
    Histogram,
}

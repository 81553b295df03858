using System.Collections.Concurrent;

namespace Mesh.Client.Telemetry.Metrics;

/// <summary>
/// Label sets by key (destination endpoint or caller, status code, flags), built once and reused, so recording
/// a request allocates nothing: lookups are lock-free, and a set is built only for a combination not seen yet.
/// The last few sets are tried first by comparing keys, before hashing one (the key holds the service host, whose
/// hash is most of a lookup). The cache is bounded; past the bound it starts again (label sets are bounded, so
/// this only happens when endpoints churn for a long time).
/// </summary>
internal sealed class LabelCache<TKey>(int capacity = 4096)
    where TKey : notnull, IEquatable<TKey>
{
    // A destination with a 90/10 split has two label sets per status; four covers that with room.
    private const int RecentCount = 4;

    private readonly ConcurrentDictionary<TKey, Entry> _labels = new();
    private readonly Entry?[] _recent = new Entry?[RecentCount];
    private int _nextRecent;

    public IstioLabelSet Get<TState>(in TKey key, TState state, Func<TKey, TState, KeyValuePair<string, object?>[]> build)
    {
        foreach (var entry in _recent)
        {
            if (entry is not null && entry.Key.Equals(key))
            {
                return entry.Labels;
            }
        }

        if (!_labels.TryGetValue(key, out var found))
        {
            if (_labels.Count >= capacity)
            {
                _labels.Clear();
            }

            found = _labels.GetOrAdd(key, static (k, s) => new Entry(k, new IstioLabelSet(s.Build(k, s.State))), (Build: build, State: state));
        }

        // The dictionary's own entry, so that remembering it allocates nothing. Entries are replaced without
        // locks: a lost increment under a race only means two writers pick one slot.
        var slot = (int)((uint)_nextRecent++ % RecentCount);
        Volatile.Write(ref _recent[slot], found);
        return found.Labels;
    }

    private sealed class Entry(TKey key, IstioLabelSet labels)
    {
        public TKey Key { get; } = key;

        public IstioLabelSet Labels { get; } = labels;
    }
}

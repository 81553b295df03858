using System.Collections.Concurrent;

namespace Mesh.Client.Telemetry.Metrics;

/// <summary>
/// Label arrays by key (destination endpoint or caller, status code, flags), built once and reused, so recording
/// a request allocates nothing: lookups are lock-free, and an array is built only for a combination not seen yet.
/// The cache is bounded; past the bound it starts again (label sets are bounded, so this only happens when
/// endpoints churn for a long time).
/// </summary>
internal sealed class LabelCache<TKey>(int capacity = 4096)
    where TKey : notnull, IEquatable<TKey>
{
    private readonly ConcurrentDictionary<TKey, KeyValuePair<string, object?>[]> _labels = new();

    public KeyValuePair<string, object?>[] Get<TState>(in TKey key, TState state, Func<TKey, TState, KeyValuePair<string, object?>[]> build)
    {
        if (_labels.TryGetValue(key, out var labels))
        {
            return labels;
        }

        if (_labels.Count >= capacity)
        {
            _labels.Clear();
        }

        return _labels.GetOrAdd(key, build, state);
    }
}

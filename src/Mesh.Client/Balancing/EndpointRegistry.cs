using System.Collections.Concurrent;

namespace Mesh.Client.Balancing;

/// <summary>
/// The runtime state of every endpoint known now, by <c>address:port</c>. Snapshots take their endpoint objects
/// from here, so an endpoint that stays across a config change keeps its counters.
/// </summary>
internal sealed class EndpointRegistry
{
    private readonly ConcurrentDictionary<string, EndpointState> _states = new(StringComparer.Ordinal);

    public int Count => _states.Count;

    public EndpointState GetOrAdd(string address, int port, IReadOnlyDictionary<string, string> labels, string? serviceAccount, int weight, string? @namespace = null)
    {
        var candidate = new EndpointState(address, port, labels, serviceAccount, weight, @namespace);
        var existing = _states.GetOrAdd(candidate.Key, candidate);
        if (ReferenceEquals(existing, candidate) || SameIdentity(existing, candidate))
        {
            return existing;
        }

        // Same address and port, different instance (new labels or identity): new state.
        _states[candidate.Key] = candidate;
        return candidate;
    }

    /// <summary>Forgets endpoints that are no longer in any resource.</summary>
    public void Retain(HashSet<string> keys)
    {
        foreach (var key in _states.Keys)
        {
            if (!keys.Contains(key))
            {
                _states.TryRemove(key, out _);
            }
        }
    }

    private static bool SameIdentity(EndpointState a, EndpointState b) =>
        a.ServiceAccount == b.ServiceAccount && a.Namespace == b.Namespace && a.Weight == b.Weight && a.Labels.Count == b.Labels.Count
        && a.Labels.All(l => b.Labels.TryGetValue(l.Key, out var v) && v == l.Value);
}

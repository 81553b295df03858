using System.Collections.Concurrent;

namespace Mesh.Client.Resilience;

/// <summary>The runtime state of every destination by name (<c>host</c> or <c>host|subset</c>), kept across snapshots.</summary>
internal sealed class DestinationRegistry
{
    private readonly ConcurrentDictionary<string, DestinationState> _states = new(StringComparer.Ordinal);

    public DestinationState Get(string name) => _states.GetOrAdd(name, static _ => new DestinationState());

    /// <summary>Forgets destinations no longer in the snapshot.</summary>
    public void Retain(HashSet<string> names)
    {
        foreach (var name in _states.Keys)
        {
            if (!names.Contains(name))
            {
                _states.TryRemove(name, out _);
            }
        }
    }
}

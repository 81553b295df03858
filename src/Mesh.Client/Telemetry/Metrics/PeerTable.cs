using System.Collections.Concurrent;

namespace Mesh.Client.Telemetry.Metrics;

/// <summary>
/// The distinct caller descriptions (<see cref="PeerMetadata"/>) seen so far, up to a bound: a caller could send
/// any value, and each distinct one would otherwise become its own metric series.
/// </summary>
internal sealed class PeerTable(int capacity = 256)
{
    private readonly ConcurrentDictionary<string, bool> _seen = new(StringComparer.Ordinal);

    public bool Admit(string peer) =>
        _seen.ContainsKey(peer) || (_seen.Count < capacity && _seen.TryAdd(peer, true)) || _seen.ContainsKey(peer);
}

using Mesh.Policy.Api;
using Mesh.Policy.Resources;

namespace Mesh.Client.Discovery;

/// <summary>
/// The resources a policy source currently holds, updated by full lists and by watch events. A resource this client
/// cannot read (a newer server's field or kind) is skipped, never the whole update; an earlier version of it that
/// could be read is kept, as a failed update keeps the last good config.
/// </summary>
internal sealed class PolicySet
{
    private readonly Dictionary<ResourceKey, MeshResource> _resources = [];

    public int Count => _resources.Count;

    public IReadOnlyCollection<MeshResource> Resources => [.. _resources.Values];

    public void ReplaceAll(IEnumerable<MeshResource> resources, IEnumerable<UnreadableResource>? unreadable = null)
    {
        var kept = new List<MeshResource>();
        foreach (var skipped in unreadable ?? [])
        {
            if (skipped.Key is { } key && _resources.TryGetValue(key, out var previous))
            {
                kept.Add(previous);
            }
        }

        _resources.Clear();
        foreach (var resource in kept)
        {
            _resources[resource.Key] = resource;
        }

        foreach (var resource in resources)
        {
            _resources[resource.Key] = resource;
        }
    }

    /// <summary>Applies one watch event; returns the resource it carried when this client cannot read it (and so skipped it).</summary>
    public UnreadableResource? Apply(WatchEvent change)
    {
        if (!ResourceJson.TryRead(change.Resource, out var resource, out var unreadable))
        {
            if (change.Type == WatchEventTypes.Deleted)
            {
                // Gone either way: drop any earlier version this client could read.
                if (unreadable.Key is { } key)
                {
                    _resources.Remove(key);
                }

                return null;
            }

            return unreadable;
        }

        if (change.Type == WatchEventTypes.Deleted)
        {
            _resources.Remove(resource.Key);
        }
        else
        {
            _resources[resource.Key] = resource;
        }

        return null;
    }
}

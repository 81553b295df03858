using Mesh.Policy.Api;
using Mesh.Policy.Resources;

namespace Mesh.Client.Discovery;

/// <summary>The resources a policy source currently holds, updated by full lists and by watch events.</summary>
internal sealed class PolicySet
{
    private readonly Dictionary<ResourceKey, MeshResource> _resources = [];

    public int Count => _resources.Count;

    public IReadOnlyCollection<MeshResource> Resources => [.. _resources.Values];

    public void ReplaceAll(IEnumerable<MeshResource> resources)
    {
        _resources.Clear();
        foreach (var resource in resources)
        {
            _resources[resource.Key] = resource;
        }
    }

    public void Apply(WatchEvent change)
    {
        var resource = ResourceJson.Read(change.Resource);
        if (change.Type == WatchEventTypes.Deleted)
        {
            _resources.Remove(resource.Key);
        }
        else
        {
            _resources[resource.Key] = resource;
        }
    }
}

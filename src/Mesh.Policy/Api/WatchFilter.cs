namespace Mesh.Policy.Api;

/// <summary>
/// What a watcher cares about. Empty lists mean "all". Hosts match a resource's hosts by short name or fully
/// qualified name (so <c>reviews</c> matches <c>reviews.default.svc.cluster.local</c>); resources without hosts
/// (security policy) always pass the host filter.
/// </summary>
public sealed record WatchFilter
{
    /// <summary>Kinds (kind name, e.g. <c>VirtualService</c>).</summary>
    public IReadOnlyList<string> Kinds { get; init; } = [];

    /// <summary>Namespaces.</summary>
    public IReadOnlyList<string> Namespaces { get; init; } = [];

    /// <summary>Hosts.</summary>
    public IReadOnlyList<string> Hosts { get; init; } = [];

    /// <summary>True when the filter lets everything through.</summary>
    public bool IsEmpty => Kinds.Count == 0 && Namespaces.Count == 0 && Hosts.Count == 0;
}

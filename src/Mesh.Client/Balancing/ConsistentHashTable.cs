namespace Mesh.Client.Balancing;

/// <summary>
/// A lookup structure that maps a 64-bit key hash to an endpoint, built once from an endpoint array (Maglev table or
/// hash ring). Immutable after construction; lookups are lock-free and allocation-free.
/// </summary>
internal abstract class ConsistentHashTable
{
    /// <summary>
    /// The endpoint that owns <paramref name="hash"/>; when that is <paramref name="exclude"/> and another endpoint
    /// exists, the owner of the next entry whose endpoint differs.
    /// </summary>
    public abstract EndpointState Lookup(ulong hash, EndpointState? exclude);
}

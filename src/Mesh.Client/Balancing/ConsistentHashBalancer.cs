namespace Mesh.Client.Balancing;

/// <summary>
/// Istio's <c>consistentHash</c>: the request's key (<see cref="ConsistentHashKey"/>) is hashed and looked up in a
/// Maglev table or a hash ring built once from the endpoints, so a key keeps reaching the same endpoint, in every
/// client process, while the endpoint set is unchanged, and few keys move when it changes.
/// </summary>
/// <remarks>
/// When the request carries no key the endpoint is picked at random. Envoy would instead generate the cookie (for
/// <c>httpCookie</c> with a TTL) and set it on the response so that the next request sticks; Mesh does not do that
/// yet. <see cref="PickContext.Exclude"/> is honoured by walking to the next table or ring entry owned by another
/// endpoint, so a retried key still lands on a stable second choice. Weights are honoured by the tables. Lock-free
/// and allocation-free.
/// </remarks>
internal sealed class ConsistentHashBalancer : ILoadBalancer
{
    private readonly EndpointState[] _endpoints;
    private readonly ConsistentHashTable _table;
    private readonly ConsistentHashKey _key;
    private readonly IMeshRandom _random;

    /// <summary>Creates the balancer over a table built from the same <paramref name="endpoints"/>.</summary>
    public ConsistentHashBalancer(EndpointState[] endpoints, ConsistentHashTable table, ConsistentHashKey key, IMeshRandom random)
    {
        EndpointArray.Validate(endpoints);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(random);
        _endpoints = endpoints;
        _table = table;
        _key = key;
        _random = random;
    }

    /// <inheritdoc />
    public IReadOnlyList<EndpointState> Endpoints => _endpoints;

    /// <summary>The table keys are looked up in.</summary>
    public ConsistentHashTable Table => _table;

    /// <summary>Where the key is read from.</summary>
    public ConsistentHashKey Key => _key;

    /// <inheritdoc />
    public EndpointState Pick(in PickContext context)
    {
        if (_endpoints.Length == 1)
        {
            return _endpoints[0];
        }

        return _key.TryGetHash(context, out var hash)
            ? _table.Lookup(hash, context.Exclude)
            : EndpointArray.PickUniform(_endpoints, _random, context.Exclude);
    }
}

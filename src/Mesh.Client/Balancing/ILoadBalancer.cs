namespace Mesh.Client.Balancing;

/// <summary>
/// Picks an endpoint of one subset for one attempt. Built once per config snapshot for a fixed, non-empty array
/// of endpoints (tables such as Maglev's are computed then); <see cref="Pick"/> runs on the request path and must
/// not allocate or lock.
/// </summary>
internal interface ILoadBalancer
{
    /// <summary>The endpoints this balancer chooses among.</summary>
    IReadOnlyList<EndpointState> Endpoints { get; }

    /// <summary>Picks an endpoint, avoiding <see cref="PickContext.Exclude"/> when any other is available.</summary>
    EndpointState Pick(in PickContext context);
}

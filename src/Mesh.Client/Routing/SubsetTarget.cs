using Mesh.Client.Balancing;
using Mesh.Policy.Resources.Networking;

namespace Mesh.Client.Routing;

/// <summary>
/// Where a route sends traffic: the endpoints of one service, or of one of its subsets, with the balancer and
/// the traffic policy in effect there (what Envoy calls a cluster). Immutable; built per snapshot.
/// </summary>
internal sealed class SubsetTarget
{
    public SubsetTarget(string service, string? subset, EndpointState[] endpoints, ILoadBalancer? balancer, TrafficPolicy? policy)
    {
        Service = service;
        Subset = subset;
        Endpoints = endpoints;
        Balancer = balancer;
        Policy = policy;
        Name = subset is null ? service : service + "|" + subset;
    }

    /// <summary>The service's fully qualified host.</summary>
    public string Service { get; }

    /// <summary>The subset name, or null for all endpoints of the service.</summary>
    public string? Subset { get; }

    /// <summary><c>service</c> or <c>service|subset</c>, for logs and headers.</summary>
    public string Name { get; }

    public EndpointState[] Endpoints { get; }

    /// <summary>Null when there are no endpoints.</summary>
    public ILoadBalancer? Balancer { get; }

    /// <summary>The merged traffic policy (the rule's, overridden field by field by the subset's).</summary>
    public TrafficPolicy? Policy { get; }

    /// <summary>A target for a destination that does not exist: requests to it fail with 503 NC.</summary>
    public static SubsetTarget Missing(string service, string? subset) => new(service, subset, [], null, null) { IsMissing = true };

    /// <summary>True for a destination no resource defines.</summary>
    public bool IsMissing { get; private init; }
}

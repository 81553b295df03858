namespace Mesh.Client.Balancing;

/// <summary>
/// LEAST_REQUEST, Istio's default: the power of two choices. Two distinct endpoints are drawn at random and the one
/// with fewer requests in flight (<see cref="EndpointState.InFlight"/>) wins; on a tie the first drawn wins, so equal
/// loads spread at random. With one endpoint it is returned without drawing.
/// </summary>
/// <remarks>
/// Weights are ignored: Envoy switches to a weighted earliest-deadline scheduler when weights differ, which needs
/// shared mutable state that this lock-free balancer does not keep. <see cref="PickContext.Exclude"/> is honoured by
/// drawing both candidates from the other endpoints. Lock-free and allocation-free.
/// </remarks>
internal sealed class LeastRequestBalancer : ILoadBalancer
{
    private readonly EndpointState[] _endpoints;
    private readonly IMeshRandom _random;

    /// <summary>Creates the balancer.</summary>
    public LeastRequestBalancer(EndpointState[] endpoints, IMeshRandom random)
    {
        EndpointArray.Validate(endpoints);
        ArgumentNullException.ThrowIfNull(random);
        _endpoints = endpoints;
        _random = random;
    }

    /// <inheritdoc />
    public IReadOnlyList<EndpointState> Endpoints => _endpoints;

    /// <inheritdoc />
    public EndpointState Pick(in PickContext context)
    {
        var endpoints = _endpoints;
        if (endpoints.Length == 1)
        {
            return endpoints[0];
        }

        var excluded = EndpointArray.IndexOf(endpoints, context.Exclude);
        var candidates = excluded < 0 ? endpoints.Length : endpoints.Length - 1;
        if (candidates == 1)
        {
            return endpoints[excluded == 0 ? 1 : 0];
        }

        // Two distinct indices among the candidates, then shifted past the excluded index (if any).
        var first = _random.Next(candidates);
        var second = _random.Next(candidates - 1);
        if (second >= first)
        {
            second++;
        }

        if (excluded >= 0)
        {
            first += first >= excluded ? 1 : 0;
            second += second >= excluded ? 1 : 0;
        }

        var a = endpoints[first];
        var b = endpoints[second];
        return b.InFlight < a.InFlight ? b : a;
    }
}

namespace Mesh.Client.Balancing;

/// <summary>
/// RANDOM: an endpoint drawn from the injected <see cref="IMeshRandom"/>. Weights are honoured: with unequal weights
/// the draw falls on cumulative weight ranges (one binary search); with equal weights it is a single uniform draw.
/// </summary>
/// <remarks>
/// <see cref="PickContext.Exclude"/> is honoured without retrying: the draw is taken over the other endpoints only.
/// Lock-free and allocation-free (given a lock-free <see cref="IMeshRandom"/>).
/// </remarks>
internal sealed class RandomBalancer : ILoadBalancer
{
    private readonly EndpointState[] _endpoints;
    private readonly IMeshRandom _random;
    private readonly long[]? _cumulative;

    /// <summary>Creates the balancer.</summary>
    public RandomBalancer(EndpointState[] endpoints, IMeshRandom random)
    {
        EndpointArray.Validate(endpoints);
        ArgumentNullException.ThrowIfNull(random);
        _endpoints = endpoints;
        _random = random;
        if (!EndpointArray.WeightsEqual(endpoints))
        {
            _cumulative = new long[endpoints.Length];
            long sum = 0;
            for (var i = 0; i < endpoints.Length; i++)
            {
                sum += endpoints[i].Weight;
                _cumulative[i] = sum;
            }
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<EndpointState> Endpoints => _endpoints;

    /// <inheritdoc />
    public EndpointState Pick(in PickContext context)
    {
        var cumulative = _cumulative;
        if (cumulative is null || _endpoints.Length == 1)
        {
            return EndpointArray.PickUniform(_endpoints, _random, context.Exclude);
        }

        // Draw over the total weight minus the excluded endpoint's range, then step over that range.
        var excluded = EndpointArray.IndexOf(_endpoints, context.Exclude);
        var excludedStart = excluded <= 0 ? 0 : cumulative[excluded - 1];
        var excludedWeight = excluded < 0 ? 0 : cumulative[excluded] - excludedStart;
        var point = Draw(cumulative[^1] - excludedWeight);
        if (excluded >= 0 && point >= excludedStart)
        {
            point += excludedWeight;
        }

        var index = Array.BinarySearch(cumulative, point);
        return _endpoints[index >= 0 ? index + 1 : ~index];
    }

    private long Draw(long range) => range <= int.MaxValue
        ? _random.Next((int)range)
        : Math.Min((long)(_random.NextDouble() * range), range - 1);
}

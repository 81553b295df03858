namespace Mesh.Client.Balancing;

/// <summary>
/// ROUND_ROBIN: a shared counter, advanced with <see cref="Interlocked.Increment(ref int)"/>, walks a schedule of the
/// endpoints. Weights are honoured: the schedule repeats each endpoint in proportion to its weight
/// (see <see cref="WeightedSchedule"/>).
/// </summary>
/// <remarks>
/// The counter starts at a random position so that many client processes built at the same moment do not all send
/// their first request to the same endpoint. When the scheduled endpoint is <see cref="PickContext.Exclude"/>, the next
/// scheduled endpoint that differs is returned without advancing the counter. Lock-free and allocation-free.
/// </remarks>
internal sealed class RoundRobinBalancer : ILoadBalancer
{
    private readonly EndpointState[] _endpoints;
    private readonly EndpointState[] _schedule;
    private int _next;

    /// <summary>Creates the balancer; <paramref name="random"/> only chooses the starting position.</summary>
    public RoundRobinBalancer(EndpointState[] endpoints, IMeshRandom random)
    {
        EndpointArray.Validate(endpoints);
        ArgumentNullException.ThrowIfNull(random);
        _endpoints = endpoints;
        _schedule = WeightedSchedule.Build(endpoints);
        _next = random.Next(_schedule.Length) - 1;
    }

    /// <inheritdoc />
    public IReadOnlyList<EndpointState> Endpoints => _endpoints;

    /// <inheritdoc />
    public EndpointState Pick(in PickContext context)
    {
        var schedule = _schedule;
        var length = (uint)schedule.Length;
        var slot = (uint)Interlocked.Increment(ref _next) % length;
        var picked = schedule[slot];
        if (_endpoints.Length > 1 && ReferenceEquals(picked, context.Exclude))
        {
            for (uint step = 1; step < length; step++)
            {
                var candidate = schedule[(slot + step) % length];
                if (!ReferenceEquals(candidate, picked))
                {
                    return candidate;
                }
            }
        }

        return picked;
    }
}

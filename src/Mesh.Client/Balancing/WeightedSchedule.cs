namespace Mesh.Client.Balancing;

/// <summary>
/// A round-robin schedule in which each endpoint appears in proportion to its weight, spread out rather than in runs
/// (nginx's smooth weighted round robin, computed once). With equal weights the schedule is the endpoint array itself.
/// </summary>
internal static class WeightedSchedule
{
    /// <summary>The longest schedule built; larger weight sums are scaled down to fit (each endpoint keeps at least one slot).</summary>
    public const int MaxLength = 4096;

    /// <summary>Builds the schedule for <paramref name="endpoints"/>.</summary>
    public static EndpointState[] Build(EndpointState[] endpoints)
    {
        if (EndpointArray.WeightsEqual(endpoints))
        {
            return endpoints;
        }

        var weights = new long[endpoints.Length];
        long gcd = 0, total = 0;
        foreach (var endpoint in endpoints)
        {
            gcd = Gcd(gcd, endpoint.Weight);
            total += endpoint.Weight;
        }

        long scaledTotal = 0;
        for (var i = 0; i < endpoints.Length; i++)
        {
            weights[i] = endpoints[i].Weight / gcd;
            if (total / gcd > MaxLength)
            {
                weights[i] = Math.Max(1, endpoints[i].Weight * MaxLength / total);
            }

            scaledTotal += weights[i];
        }

        var schedule = new EndpointState[scaledTotal];
        var current = new long[endpoints.Length];
        for (var slot = 0; slot < schedule.Length; slot++)
        {
            var best = 0;
            for (var i = 0; i < endpoints.Length; i++)
            {
                current[i] += weights[i];
                if (current[i] > current[best])
                {
                    best = i;
                }
            }

            current[best] -= scaledTotal;
            schedule[slot] = endpoints[best];
        }

        return schedule;
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}

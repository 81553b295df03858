namespace Mesh.Client.Balancing;

/// <summary>Helpers over a balancer's endpoint array shared by the balancers.</summary>
internal static class EndpointArray
{
    /// <summary>Throws unless <paramref name="endpoints"/> is non-empty and holds no null.</summary>
    public static void Validate(EndpointState[] endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.Length == 0)
        {
            throw new ArgumentException("A load balancer needs at least one endpoint.", nameof(endpoints));
        }

        foreach (var endpoint in endpoints)
        {
            if (endpoint is null)
            {
                throw new ArgumentException("The endpoint array holds a null entry.", nameof(endpoints));
            }
        }
    }

    /// <summary>The index of <paramref name="endpoint"/> (by reference) in <paramref name="endpoints"/>, or -1.</summary>
    public static int IndexOf(EndpointState[] endpoints, EndpointState? endpoint)
    {
        if (endpoint is not null)
        {
            for (var i = 0; i < endpoints.Length; i++)
            {
                if (ReferenceEquals(endpoints[i], endpoint))
                {
                    return i;
                }
            }
        }

        return -1;
    }

    /// <summary>Whether every endpoint has the same weight.</summary>
    public static bool WeightsEqual(EndpointState[] endpoints)
    {
        for (var i = 1; i < endpoints.Length; i++)
        {
            if (endpoints[i].Weight != endpoints[0].Weight)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A uniformly random endpoint other than <paramref name="exclude"/> when another exists: draws among the
    /// <c>n - 1</c> others instead of retrying, so one draw always suffices.
    /// </summary>
    public static EndpointState PickUniform(EndpointState[] endpoints, IMeshRandom random, EndpointState? exclude)
    {
        if (endpoints.Length == 1)
        {
            return endpoints[0];
        }

        var excluded = IndexOf(endpoints, exclude);
        if (excluded < 0)
        {
            return endpoints[random.Next(endpoints.Length)];
        }

        var index = random.Next(endpoints.Length - 1);
        return endpoints[index >= excluded ? index + 1 : index];
    }

    /// <summary>Endpoint indices ordered by <see cref="EndpointState.Key"/>, so tables do not depend on list order.</summary>
    public static int[] OrderByKey(EndpointState[] endpoints)
    {
        var order = new int[endpoints.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => string.CompareOrdinal(endpoints[a].Key, endpoints[b].Key) is var byKey and not 0 ? byKey : a.CompareTo(b));
        return order;
    }
}

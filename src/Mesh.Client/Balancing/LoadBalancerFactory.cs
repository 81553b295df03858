using System.Globalization;
using Mesh.Policy.Resources.Networking;

namespace Mesh.Client.Balancing;

/// <summary>
/// Builds the <see cref="ILoadBalancer"/> for a subset from its DestinationRule <c>loadBalancer</c> settings, when a
/// config snapshot is compiled (never per request).
/// </summary>
internal static class LoadBalancerFactory
{
    /// <summary>
    /// Creates the balancer: no settings, <c>UNSPECIFIED</c>, <c>LEAST_REQUEST</c> and <c>LEAST_CONN</c> give
    /// least request (Istio's default); <c>ROUND_ROBIN</c> and <c>RANDOM</c> their namesakes; <c>consistentHash</c>
    /// a Maglev table (default size 65537) unless <c>ringHash</c> is set (default minimum ring size 1024).
    /// </summary>
    /// <exception cref="ArgumentException">
    /// Settings that validation rejects arrived anyway (<c>PASSTHROUGH</c>, both <c>simple</c> and
    /// <c>consistentHash</c>, not exactly one hash key, a table size that is not a prime up to 5000011, a ring size
    /// outside 1..8388608), or <paramref name="endpoints"/> is empty.
    /// </exception>
    public static ILoadBalancer Create(LoadBalancerSettings? settings, EndpointState[] endpoints, IMeshRandom random)
    {
        EndpointArray.Validate(endpoints);
        ArgumentNullException.ThrowIfNull(random);
        if (settings?.ConsistentHash is { } hash)
        {
            if (settings.Simple is not null)
            {
                throw new ArgumentException("loadBalancer must set only one of simple or consistentHash.", nameof(settings));
            }

            return CreateConsistentHash(hash, endpoints, random);
        }

        return settings?.Simple switch
        {
            null or SimpleLoadBalancer.Unspecified or SimpleLoadBalancer.LeastRequest or SimpleLoadBalancer.LeastConn
                => new LeastRequestBalancer(endpoints, random),
            SimpleLoadBalancer.RoundRobin => new RoundRobinBalancer(endpoints, random),
            SimpleLoadBalancer.Random => new RandomBalancer(endpoints, random),
            SimpleLoadBalancer.Passthrough => throw new ArgumentException(
                "PASSTHROUGH load balancing is not supported by Mesh; validation should have rejected it.", nameof(settings)),
            var other => throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Unknown load balancer {other}."), nameof(settings)),
        };
    }

    private static ConsistentHashBalancer CreateConsistentHash(ConsistentHashSettings hash, EndpointState[] endpoints, IMeshRandom random)
    {
        if (hash.RingHash is not null && hash.Maglev is not null)
        {
            throw new ArgumentException("consistentHash must set only one of ringHash or maglev.", nameof(hash));
        }

        var key = ConsistentHashKey.From(hash);
        ConsistentHashTable table = hash.RingHash is { } ring
            ? new RingHashTable(endpoints, ToInt(ring.MinimumRingSize, RingHashTable.DefaultMinimumSize, "ringHash.minimumRingSize"))
            : new MaglevTable(endpoints, ToInt(hash.Maglev?.TableSize, MaglevTable.DefaultSize, "maglev.tableSize"));
        return new ConsistentHashBalancer(endpoints, table, key, random);
    }

    private static int ToInt(long? value, int defaultValue, string field) => value switch
    {
        null => defaultValue,
        >= 0 and <= int.MaxValue => (int)value.Value,
        _ => throw new ArgumentException(
            string.Create(CultureInfo.InvariantCulture, $"consistentHash.{field} {value} is out of range."), nameof(value)),
    };
}

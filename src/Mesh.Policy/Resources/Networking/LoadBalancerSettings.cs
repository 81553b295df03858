namespace Mesh.Policy.Resources.Networking;

/// <summary>Load balancer settings: a simple algorithm or a consistent hash.</summary>
[UnsupportedField("localityLbSetting", "locality-aware load balancing is not implemented")]
[UnsupportedField("warmupDurationSecs", "slow start is not implemented")]
public sealed class LoadBalancerSettings
{
    /// <summary>A simple algorithm.</summary>
    public SimpleLoadBalancer? Simple { get; set; }

    /// <summary>Session affinity by a hash of the request.</summary>
    public ConsistentHashSettings? ConsistentHash { get; set; }
}

/// <summary>Istio's simple load balancing algorithms.</summary>
public enum SimpleLoadBalancer
{
    /// <summary>Istio's default: LEAST_REQUEST.</summary>
    Unspecified,

    /// <summary>Picks an endpoint at random.</summary>
    Random,

    /// <summary>Not supported by Mesh (forwards to the original destination).</summary>
    Passthrough,

    /// <summary>Cycles through endpoints.</summary>
    RoundRobin,

    /// <summary>Power of two choices over in-flight request counts.</summary>
    LeastRequest,

    /// <summary>Deprecated alias of LEAST_REQUEST.</summary>
    LeastConn,
}

/// <summary>Consistent hashing: exactly one hash key.</summary>
[UnsupportedField("minimumRingSize", "deprecated in Istio; use ringHash.minimumRingSize")]
public sealed class ConsistentHashSettings
{
    /// <summary>Hash on this request header.</summary>
    public string? HttpHeaderName { get; set; }

    /// <summary>Hash on this cookie.</summary>
    public HttpCookie? HttpCookie { get; set; }

    /// <summary>Hash on the caller's IP address.</summary>
    public bool? UseSourceIp { get; set; }

    /// <summary>Hash on this query parameter.</summary>
    public string? HttpQueryParameterName { get; set; }

    /// <summary>Use a ring hash.</summary>
    public RingHash? RingHash { get; set; }

    /// <summary>Use a Maglev table (the default).</summary>
    public Maglev? Maglev { get; set; }
}

/// <summary>A cookie used as the hash key.</summary>
[UnsupportedField("attributes")]
public sealed class HttpCookie
{
    /// <summary>The cookie name. Required.</summary>
    [RequiredField]
    public string? Name { get; set; }

    /// <summary>The cookie path.</summary>
    public string? Path { get; set; }

    /// <summary>The cookie lifetime.</summary>
    public Duration? Ttl { get; set; }
}

/// <summary>Ring hash settings.</summary>
public sealed class RingHash
{
    /// <summary>The minimum number of virtual nodes on the ring. Default 1024.</summary>
    public long? MinimumRingSize { get; set; }
}

/// <summary>Maglev settings.</summary>
public sealed class Maglev
{
    /// <summary>The table size: a prime. Default 65537.</summary>
    public long? TableSize { get; set; }
}

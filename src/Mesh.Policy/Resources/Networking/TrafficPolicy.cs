namespace Mesh.Policy.Resources.Networking;

/// <summary>Load balancing, connection pool, outlier detection and TLS for a destination.</summary>
[UnsupportedField("tunnel")]
[UnsupportedField("proxyProtocol")]
public sealed class TrafficPolicy
{
    /// <summary>How endpoints are chosen. Istio's default is LEAST_REQUEST.</summary>
    public LoadBalancerSettings? LoadBalancer { get; set; }

    /// <summary>Connection and request limits.</summary>
    public ConnectionPoolSettings? ConnectionPool { get; set; }

    /// <summary>Ejection of failing endpoints.</summary>
    public OutlierDetection? OutlierDetection { get; set; }

    /// <summary>TLS towards the destination.</summary>
    public ClientTlsSettings? Tls { get; set; }

    /// <summary>Limits retries to a share of active requests.</summary>
    public RetryBudget? RetryBudget { get; set; }

    /// <summary>Overrides for individual ports of the destination.</summary>
    public List<PortTrafficPolicy>? PortLevelSettings { get; set; }
}

/// <summary>Traffic policy for one port, overriding the destination's policy field by field.</summary>
public sealed class PortTrafficPolicy
{
    /// <summary>The port it applies to. Required.</summary>
    [RequiredField]
    public PortSelector? Port { get; set; }

    /// <summary>How endpoints are chosen on this port.</summary>
    public LoadBalancerSettings? LoadBalancer { get; set; }

    /// <summary>Connection and request limits on this port.</summary>
    public ConnectionPoolSettings? ConnectionPool { get; set; }

    /// <summary>Ejection of failing endpoints on this port.</summary>
    public OutlierDetection? OutlierDetection { get; set; }

    /// <summary>TLS on this port.</summary>
    public ClientTlsSettings? Tls { get; set; }
}

/// <summary>A retry budget: retries in flight may not exceed a share of active requests.</summary>
public sealed class RetryBudget
{
    /// <summary>Retries in flight as a percentage of active requests. Default 20.</summary>
    public Percent? Percent { get; set; }

    /// <summary>Retries always allowed regardless of the percentage. Default 3.</summary>
    public int? MinRetryConcurrency { get; set; }
}

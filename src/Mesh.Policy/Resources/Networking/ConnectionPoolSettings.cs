namespace Mesh.Policy.Resources.Networking;

/// <summary>Connection and request limits towards a destination.</summary>
public sealed class ConnectionPoolSettings
{
    /// <summary>TCP-level limits.</summary>
    public TcpSettings? Tcp { get; set; }

    /// <summary>HTTP-level limits.</summary>
    public HttpSettings? Http { get; set; }
}

/// <summary>TCP-level connection pool limits.</summary>
[UnsupportedField("tcpKeepalive")]
[UnsupportedField("maxConnectionDuration")]
[UnsupportedField("idleTimeout", "use http.idleTimeout")]
public sealed class TcpSettings
{
    /// <summary>Maximum connections to the destination.</summary>
    public int? MaxConnections { get; set; }

    /// <summary>TCP connect timeout. Default 10s.</summary>
    public Duration? ConnectTimeout { get; set; }
}

/// <summary>HTTP-level connection pool limits.</summary>
public sealed class HttpSettings
{
    /// <summary>Maximum requests waiting for a connection.</summary>
    public int? Http1MaxPendingRequests { get; set; }

    /// <summary>Maximum active requests to the destination.</summary>
    public int? Http2MaxRequests { get; set; }

    /// <summary>Maximum requests per connection; 1 disables keep-alive.</summary>
    public int? MaxRequestsPerConnection { get; set; }

    /// <summary>Maximum retries outstanding to the destination.</summary>
    public int? MaxRetries { get; set; }

    /// <summary>Idle time before a pooled connection is closed.</summary>
    public Duration? IdleTimeout { get; set; }

    /// <summary>Whether HTTP/1.1 connections are upgraded to HTTP/2.</summary>
    public H2UpgradePolicy? H2UpgradePolicy { get; set; }

    /// <summary>Use the caller's HTTP version.</summary>
    public bool? UseClientProtocol { get; set; }

    /// <summary>Maximum concurrent HTTP/2 streams per connection.</summary>
    public int? MaxConcurrentStreams { get; set; }
}

/// <summary>HTTP/2 upgrade policy.</summary>
public enum H2UpgradePolicy
{
    /// <summary>The mesh default.</summary>
    Default,

    /// <summary>Never upgrade.</summary>
    DoNotUpgrade,

    /// <summary>Upgrade to HTTP/2.</summary>
    Upgrade,
}

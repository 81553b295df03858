namespace Mesh.Policy.Resources.Networking;

/// <summary>Faults injected before the request leaves.</summary>
public sealed class HttpFaultInjection
{
    /// <summary>Delays a share of requests.</summary>
    public FaultDelay? Delay { get; set; }

    /// <summary>Aborts a share of requests with a status.</summary>
    public FaultAbort? Abort { get; set; }
}

/// <summary>Delay injection.</summary>
[UnsupportedField("exponentialDelay")]
[UnsupportedField("percent", "deprecated in Istio; use percentage: { value: N }")]
public sealed class FaultDelay
{
    /// <summary>How long to wait. Required.</summary>
    [RequiredField]
    public Duration? FixedDelay { get; set; }

    /// <summary>The share of requests delayed; 100 when absent.</summary>
    public Percent? Percentage { get; set; }
}

/// <summary>Abort injection.</summary>
[UnsupportedField("http2Error")]
public sealed class FaultAbort
{
    /// <summary>The HTTP status returned.</summary>
    public int? HttpStatus { get; set; }

    /// <summary>A gRPC status name (e.g. <c>UNAVAILABLE</c>) returned instead of an HTTP status.</summary>
    public string? GrpcStatus { get; set; }

    /// <summary>The share of requests aborted; 100 when absent.</summary>
    public Percent? Percentage { get; set; }
}

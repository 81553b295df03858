namespace Mesh.Policy.Resources.Networking;

/// <summary>One HTTP route of a VirtualService: conditions and what to do with matching requests.</summary>
[UnsupportedField("redirect", "not implemented yet")]
[UnsupportedField("directResponse", "not implemented yet")]
[UnsupportedField("delegate", "VirtualService delegation is not implemented")]
[UnsupportedField("corsPolicy", "CORS is the service's own concern in Mesh (ASP.NET Core's CORS middleware)")]
[UnsupportedField("mirrorPercent", "deprecated in Istio; use mirrorPercentage: { value: N }")]
public sealed class HttpRoute
{
    /// <summary>A name for the route, shown in telemetry.</summary>
    public string? Name { get; set; }

    /// <summary>Match conditions, ORed; fields inside one condition are ANDed. None means "every request".</summary>
    public List<HttpMatchRequest>? Match { get; set; }

    /// <summary>Weighted destinations.</summary>
    public List<HttpRouteDestination>? Route { get; set; }

    /// <summary>Rewrites the URI or authority before forwarding.</summary>
    public HttpRewrite? Rewrite { get; set; }

    /// <summary>Total time allowed for a request, including retries. Istio's default: no timeout.</summary>
    public Duration? Timeout { get; set; }

    /// <summary>Retry policy. Istio's default when absent: 2 attempts on connect-failure, refused-stream, unavailable, cancelled, retriable-status-codes.</summary>
    public HttpRetry? Retries { get; set; }

    /// <summary>Fault injection: delays and aborts.</summary>
    public HttpFaultInjection? Fault { get; set; }

    /// <summary>Mirrors traffic to another destination, fire-and-forget.</summary>
    public Destination? Mirror { get; set; }

    /// <summary>The share of traffic mirrored to <see cref="Mirror"/>; 100 when absent.</summary>
    public Percent? MirrorPercentage { get; set; }

    /// <summary>Several mirror destinations, each with its own percentage.</summary>
    public List<HttpMirrorPolicy>? Mirrors { get; set; }

    /// <summary>Header operations on requests and responses.</summary>
    public Headers? Headers { get; set; }
}

namespace Mesh.Policy.Api;

/// <summary>
/// What one client instance sends the control server every few seconds: the requests it made since its last
/// report, per destination service and version, and the state the dashboard shows (ejected endpoints, certificate).
/// </summary>
public sealed record TopologyReport
{
    /// <summary>The reporting workload.</summary>
    public required TopologySource Source { get; init; }

    /// <summary>The seconds this delta covers (since the previous report).</summary>
    public double IntervalSeconds { get; init; }

    /// <summary>Requests per destination since the previous report; only destinations that had any.</summary>
    public IReadOnlyList<EdgeReport> Edges { get; init; } = [];

    /// <summary>Endpoints this instance's outlier detection has ejected now.</summary>
    public IReadOnlyList<EjectedEndpointReport> Ejected { get; init; } = [];

    /// <summary>When this instance's workload certificate expires, when it has one.</summary>
    public DateTimeOffset? CertificateNotAfter { get; init; }
}

/// <summary>Who reports.</summary>
/// <param name="Service">The service name.</param>
/// <param name="Namespace">Its namespace.</param>
/// <param name="Version">Its version label, when it has one.</param>
/// <param name="ReporterId">A random id of this process, stable for its life.</param>
/// <param name="InstanceId">The registry's id for this instance, once it has registered.</param>
public sealed record TopologySource(string Service, string Namespace, string? Version, string ReporterId, string? InstanceId);

/// <summary>Requests from the reporter to one destination version since the previous report.</summary>
/// <param name="Host">The destination's fully qualified host (<c>reviews.default.svc.cluster.local</c>).</param>
/// <param name="Version">The answering endpoint's <c>version</c> label, else the subset name, else null.</param>
/// <param name="Requests">Requests completed.</param>
/// <param name="Errors">Of those, 5xx answers and failures the mesh itself produced (flagged in <c>x-mesh-reason</c>).</param>
/// <param name="LatencyBuckets">Requests per <see cref="TopologyBuckets"/> bucket; trailing empty buckets may be left out.</param>
public sealed record EdgeReport(string Host, string? Version, long Requests, long Errors, IReadOnlyList<long> LatencyBuckets);

/// <summary>An endpoint ejected by the reporter's outlier detection.</summary>
/// <param name="Host">The destination's host.</param>
/// <param name="Subset">The subset, when the destination is one.</param>
/// <param name="Endpoint"><c>address:port</c>.</param>
/// <param name="RemainingSeconds">How long the ejection still lasts.</param>
public sealed record EjectedEndpointReport(string Host, string? Subset, string Endpoint, double RemainingSeconds);

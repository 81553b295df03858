using System.Text.Json.Nodes;
using Mesh.Policy.Validation;

namespace Mesh.Server.Topology;

/// <summary>The answer of <c>GET /api/v1/topology</c>.</summary>
/// <param name="GeneratedAt">When it was computed.</param>
/// <param name="WindowSeconds">The window rates, success rates and percentiles are computed over.</param>
/// <param name="Nodes">Service versions: registered ones, and any seen in traffic.</param>
/// <param name="Edges">Caller version → destination version, with traffic in the window.</param>
internal sealed record TopologyView(DateTimeOffset GeneratedAt, double WindowSeconds, IReadOnlyList<NodeView> Nodes, IReadOnlyList<EdgeView> Edges);

/// <summary>A service version.</summary>
/// <param name="Id"><c>service.namespace:version</c> (no <c>:version</c> when unknown; a bare host for external services).</param>
/// <param name="Namespace">Namespace; empty for hosts outside the mesh.</param>
/// <param name="Service">Service name (or external host).</param>
/// <param name="Version">Version label; empty when unknown.</param>
/// <param name="Kind"><c>service</c> (has instances), <c>client</c> (only calls; not registered) or <c>external</c>.</param>
/// <param name="Instances">Its instances with lease health.</param>
/// <param name="Health"><c>healthy</c>, <c>degraded</c> (some instance late, ejected, or inbound errors) or <c>failing</c> (no live instance, or most requests failing), or <c>unknown</c>.</param>
/// <param name="InboundRps">Requests per second it received.</param>
/// <param name="InboundSuccessRate">The share of those that succeeded (0 to 1), when it received any.</param>
internal sealed record NodeView(string Id, string Namespace, string Service, string Version, string Kind, IReadOnlyList<InstanceView> Instances, string Health, double InboundRps, double? InboundSuccessRate);

/// <summary>One instance (a WorkloadEntry: registered, or static).</summary>
/// <param name="Name">The WorkloadEntry's name.</param>
/// <param name="Endpoint"><c>address:port</c> (first port).</param>
/// <param name="InstanceId">The registry id, for registered instances.</param>
/// <param name="Lease"><c>live</c>, <c>late</c> (missed heartbeats, lease running out), <c>expired</c> or <c>static</c> (no lease: applied by hand).</param>
/// <param name="LeaseRemainingSeconds">Seconds left on the lease.</param>
/// <param name="EjectedBy">Callers (<c>service:version</c>) whose outlier detection ejects it now.</param>
/// <param name="CertificateNotAfter">When its workload certificate expires, as it last reported.</param>
internal sealed record InstanceView(string Name, string Endpoint, string? InstanceId, string Lease, double? LeaseRemainingSeconds, IReadOnlyList<string> EjectedBy, DateTimeOffset? CertificateNotAfter);

/// <summary>Traffic from one service version to another over the window.</summary>
/// <param name="Source">The caller node id.</param>
/// <param name="Destination">The destination node id.</param>
/// <param name="Requests">Requests in the window.</param>
/// <param name="Errors">Of those, errors (5xx, or failures the mesh produced).</param>
/// <param name="Rps">Requests per second.</param>
/// <param name="SuccessRate">1 - errors / requests.</param>
/// <param name="P50Ms">Median latency (ms), estimated from buckets.</param>
/// <param name="P99Ms">99th percentile latency (ms), estimated from buckets.</param>
internal sealed record EdgeView(string Source, string Destination, long Requests, long Errors, double Rps, double SuccessRate, double? P50Ms, double? P99Ms);

/// <summary>The answer of <c>GET /api/v1/services/{namespace}/{name}</c>.</summary>
internal sealed record ServiceView(
    string Namespace,
    string Name,
    string Host,
    IReadOnlyList<NodeView> Versions,
    IReadOnlyList<RouteView> Routes,
    IReadOnlyList<SubsetView> Subsets,
    IReadOnlyList<PolicyView> Policies,
    IReadOnlyList<EjectionView> Ejected,
    IReadOnlyList<EdgeView> Inbound,
    IReadOnlyList<EdgeView> Outbound);

/// <summary>One HTTP route of a VirtualService (or SMI TrafficSplit) for the service.</summary>
/// <param name="Policy"><c>Kind namespace/name</c> of the resource.</param>
/// <param name="Name">The route's name, or <c>#index</c>.</param>
/// <param name="Match">Its match conditions as written (null: matches everything).</param>
/// <param name="Destinations">Where it sends traffic.</param>
/// <param name="Timeout">Route timeout, if any.</param>
/// <param name="Retries">Retry policy as written.</param>
/// <param name="Fault">Injected faults as written.</param>
/// <param name="Mirror">Mirror destination, if any.</param>
internal sealed record RouteView(string Policy, string Name, JsonNode? Match, IReadOnlyList<RouteDestinationView> Destinations, string? Timeout, JsonNode? Retries, JsonNode? Fault, string? Mirror);

/// <summary>One weighted destination of a route.</summary>
internal sealed record RouteDestinationView(string Host, string? Subset, int Weight);

/// <summary>A subset of the service defined by a DestinationRule.</summary>
/// <param name="Policy"><c>DestinationRule namespace/name</c>.</param>
/// <param name="Name">Subset name.</param>
/// <param name="Labels">Its label selector.</param>
/// <param name="Instances">Live instances it selects.</param>
/// <param name="TrafficPolicy">Its own traffic policy as written.</param>
internal sealed record SubsetView(string Policy, string Name, IReadOnlyDictionary<string, string> Labels, int Instances, JsonNode? TrafficPolicy);

/// <summary>A resource that applies to the service, as YAML, with what validation and analysis say about it.</summary>
internal sealed record PolicyView(string Kind, string Namespace, string Name, string Yaml, IReadOnlyList<PolicyDiagnostic> Warnings);

/// <summary>An endpoint of the service ejected by a caller's outlier detection.</summary>
/// <param name="Endpoint"><c>address:port</c>.</param>
/// <param name="Subset">The subset the caller ejected it from, if any.</param>
/// <param name="ReportedBy">The caller, <c>service:version</c>.</param>
/// <param name="RemainingSeconds">How long the ejection lasts, as of the report.</param>
internal sealed record EjectionView(string Endpoint, string? Subset, string ReportedBy, double RemainingSeconds);

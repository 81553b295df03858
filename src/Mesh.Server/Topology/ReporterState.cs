using Mesh.Policy.Api;

namespace Mesh.Server.Topology;

/// <summary>What one reporting instance said last: its ejections and certificate, and when it said it (timestamp).</summary>
internal sealed record ReporterState(TopologySource Source, IReadOnlyList<EjectedEndpointReport> Ejected, DateTimeOffset? CertificateNotAfter, long ReceivedAt, DateTimeOffset ReceivedAtUtc)
{
    public WorkloadKey Workload => new(Source.Namespace, Source.Service, Source.Version ?? "");
}

using Mesh.Policy.Resources;

namespace Mesh.Server.Topology;

/// <summary>One node of the graph: a service version (<see cref="Version"/> empty when not known).</summary>
internal readonly record struct WorkloadKey(string Namespace, string Service, string Version)
{
    /// <summary><c>service.namespace</c>, then <c>:version</c> when there is one; what the graph and the dashboard key on.</summary>
    public string Id => (Namespace.Length == 0 ? Service : Service + "." + Namespace) + (Version.Length == 0 ? "" : ":" + Version);

    /// <summary>The node of a destination host: in-mesh hosts by service and namespace, others by the host itself.</summary>
    public static WorkloadKey OfHost(string host, string? version) =>
        ServiceHost.TrySplit(host, out var service, out var ns)
            ? new WorkloadKey(ns, service, version ?? "")
            : new WorkloadKey("", host, version ?? "");
}

/// <summary>A directed edge between two nodes.</summary>
internal readonly record struct EdgeKey(WorkloadKey Source, WorkloadKey Destination);

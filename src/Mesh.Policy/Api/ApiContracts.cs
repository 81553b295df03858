using System.Text.Json.Nodes;
using Mesh.Policy.Validation;

namespace Mesh.Policy.Api;

/// <summary>What an apply or delete did to one resource.</summary>
/// <param name="Kind">The kind.</param>
/// <param name="Namespace">The namespace.</param>
/// <param name="Name">The name.</param>
/// <param name="Action"><c>created</c>, <c>configured</c>, <c>unchanged</c>, <c>deleted</c> or <c>not-found</c>.</param>
/// <param name="ResourceVersion">The resource version after the operation, when it exists.</param>
public sealed record ResourceChange(string Kind, string Namespace, string Name, string Action, string? ResourceVersion);

/// <summary>The answer to an apply or delete.</summary>
/// <param name="Revision">The store revision after the operation (unchanged for a dry run).</param>
/// <param name="DryRun">True when nothing was written.</param>
/// <param name="Changes">One entry per resource in the input.</param>
/// <param name="Warnings">Cross-resource warnings (istioctl analyze style).</param>
public sealed record ApplyResponse(long Revision, bool DryRun, IReadOnlyList<ResourceChange> Changes, IReadOnlyList<PolicyDiagnostic> Warnings);

/// <summary>An error from the control server: a message and, for invalid input, every diagnostic.</summary>
/// <param name="Message">What went wrong.</param>
/// <param name="Diagnostics">Validation errors and warnings, when the input was invalid.</param>
public sealed record ErrorResponse(string Message, IReadOnlyList<PolicyDiagnostic>? Diagnostics = null);

/// <summary>A list of resources at a revision.</summary>
/// <param name="Revision">The store revision the list reflects; watch from here.</param>
/// <param name="Items">The resources, as JSON objects in Istio's form.</param>
public sealed record ResourceListResponse(long Revision, IReadOnlyList<JsonObject> Items);

/// <summary>The kind of change a watch reports.</summary>
public static class WatchEventTypes
{
    /// <summary>A resource was created.</summary>
    public const string Added = "ADDED";

    /// <summary>A resource was changed.</summary>
    public const string Modified = "MODIFIED";

    /// <summary>A resource was removed (deleted, or its lease expired).</summary>
    public const string Deleted = "DELETED";
}

/// <summary>One change seen by a watch.</summary>
/// <param name="Type">ADDED, MODIFIED or DELETED (<see cref="WatchEventTypes"/>).</param>
/// <param name="Revision">The store revision of the change.</param>
/// <param name="Resource">The resource after the change (for DELETED: as it was last).</param>
public sealed record WatchEvent(string Type, long Revision, JsonObject Resource);

/// <summary>The answer to a watch.</summary>
/// <param name="Revision">Ask from here next time.</param>
/// <param name="Resync">True when the revision asked for is older than the server's history (or from another
/// store): list everything again, then watch from the list's revision.</param>
/// <param name="Events">The changes after the revision asked for, oldest first; empty when the wait timed out.</param>
public sealed record WatchResponse(long Revision, bool Resync, IReadOnlyList<WatchEvent> Events)
{
    /// <summary>
    /// The version of the CA's trust bundle (<see cref="TrustBundleResponse.Version"/>) when the server answered; a
    /// client that holds another version fetches the bundle again. Null from a server without a CA.
    /// </summary>
    public string? TrustBundleVersion { get; init; }
}

/// <summary>A service instance announcing itself to the registry.</summary>
public sealed record InstanceRegistration
{
    /// <summary>The service name (the <c>app</c> label). Required.</summary>
    public required string Service { get; init; }

    /// <summary>The namespace. <value>Default: <c>default</c>.</value></summary>
    public string Namespace { get; init; } = "default";

    /// <summary>The service account (identity). <value>Default: the service name.</value></summary>
    public string? ServiceAccount { get; init; }

    /// <summary>The version label, e.g. <c>v1</c>.</summary>
    public string? Version { get; init; }

    /// <summary>Other labels.</summary>
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>The address callers should use (an IP or host name). Required.</summary>
    public required string Address { get; init; }

    /// <summary>Ports by name, e.g. <c>http: 9080</c>. At least one.</summary>
    public required IReadOnlyDictionary<string, int> Ports { get; init; }

    /// <summary>region/zone/subzone.</summary>
    public string? Locality { get; init; }
}

/// <summary>The answer to a registration.</summary>
/// <param name="InstanceId">The id to heartbeat and deregister with.</param>
/// <param name="LeaseSeconds">The lease: heartbeat well within this time (a third of it is usual).</param>
/// <param name="Revision">The store revision at which the instance appeared.</param>
/// <param name="WorkloadEntry">The instance as the WorkloadEntry other services see.</param>
public sealed record RegistrationResponse(string InstanceId, int LeaseSeconds, long Revision, JsonObject WorkloadEntry);

/// <summary>A service and its live instances, in the status summary.</summary>
/// <param name="Name">The service name.</param>
/// <param name="Namespace">Its namespace.</param>
/// <param name="Instances">Live instances.</param>
/// <param name="Versions">The versions among them.</param>
public sealed record ServiceSummary(string Name, string Namespace, int Instances, IReadOnlyList<string> Versions);

/// <summary>The control server's state at a glance, for <c>meshctl status</c>.</summary>
/// <param name="Version">The server version.</param>
/// <param name="Revision">The store revision.</param>
/// <param name="StartedAt">When this server process started.</param>
/// <param name="Store">The store kind, e.g. <c>file</c>.</param>
/// <param name="ResourceCounts">Resources per kind.</param>
/// <param name="Services">Services with live instances.</param>
/// <param name="Instances">Live registered instances.</param>
public sealed record StatusResponse(
    string Version,
    long Revision,
    DateTimeOffset StartedAt,
    string Store,
    IReadOnlyDictionary<string, int> ResourceCounts,
    IReadOnlyList<ServiceSummary> Services,
    int Instances);

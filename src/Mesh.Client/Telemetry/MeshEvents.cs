using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Mesh.Client.Telemetry;

/// <summary>
/// Counts the decisions the mesh makes itself (no route, overflow, ejection, injected fault, mirror, retry...) on
/// the <c>Mesh</c> meter, so that any metrics pipeline (<c>AddMeter("Mesh")</c>) can count them. Recording costs
/// nothing measurable when nobody listens.
/// </summary>
/// <remarks>
/// The callers (snapshot targets, resilience callbacks) have no runtime at hand, so this meter is process-wide:
/// several meshed apps in one process share it, and each app's <c>/metrics</c> shows all of their decisions (the
/// <c>destination</c> label tells them apart).
/// </remarks>
internal static class MeshEvents
{
    /// <summary>The meter and activity source name users subscribe to.</summary>
    public const string Name = "Mesh";

    /// <summary>The process-wide meter of the decision counter (not an app's: decisions are counted per process).</summary>
    internal static readonly Meter Meter = new(Name);
    private static readonly Counter<long> Decisions = Meter.CreateCounter<long>("mesh.decisions", unit: "{decision}", description: "Decisions the mesh made itself (retries, ejections, overflows, injected faults, mirrored requests, refusals), by reason flag and destination");

    public const string Retry = "retry";
    public const string Ejection = "ejection";
    public const string Mirror = "mirror";
    public const string DelayInjected = "DI";
    public const string AbortInjected = "FI";
    public const string Overflow = "UO";

    /// <summary>An inbound request denied by AuthorizationPolicy or TrafficTarget; the destination is this service.</summary>
    public const string AuthorizationDenied = "authz_denied";

    public static void Record(string reason, string destination)
    {
        if (Decisions.Enabled)
        {
            Decisions.Add(1, new TagList { { "reason", reason }, { "destination", destination } });
        }
    }
}

using System.Diagnostics;

namespace Mesh.Client.Telemetry.Tracing;

/// <summary>
/// The <c>Mesh</c> activity source and the one way Mesh starts a span: the caller's sampling decision wins. A span
/// whose parent was not sampled is created unrecorded (its context still propagates, flagged not sampled) even
/// if the listener's sampler would record it, as Envoy follows <c>x-b3-sampled</c>.
/// </summary>
internal static class MeshTracing
{
    public static readonly ActivitySource Source = new(MeshEvents.Name);

    /// <summary>Starts a span, or returns null when nothing listens to <c>Mesh</c> (or the sampler drops it).</summary>
    public static Activity? Start(string name, ActivityKind kind, ActivityContext parent, bool parentNotSampled)
    {
        var activity = Source.CreateActivity(name, kind, parent, tags: null, links: null, ActivityIdFormat.W3C);
        if (activity is null)
        {
            return null;
        }

        if (parentNotSampled && activity.Recorded)
        {
            activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            activity.IsAllDataRequested = false;
        }

        return activity.Start();
    }
}

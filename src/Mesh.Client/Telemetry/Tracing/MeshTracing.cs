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

    /// <summary>The operation name of the activity ASP.NET Core's hosting starts for each request.</summary>
    private const string AspNetCoreRequestActivity = "Microsoft.AspNetCore.Hosting.HttpRequestIn";

    /// <summary>Starts a span, or returns null when nothing listens to <c>Mesh</c> (or the sampler drops it).</summary>
    public static Activity? Start(string name, ActivityKind kind, ActivityContext parent, bool parentNotSampled)
    {
        // ASP.NET Core starts a bare activity for every request when nothing listens to its own source (when it
        // logs, say). Nobody sampled it, so it is never Recorded, and a parent-based sampler (OpenTelemetry's
        // default) would drop Mesh's server span as its child, and every client span under it. That activity is no
        // sampling decision and is never exported: without a caller's context, the span starts as a root and the
        // sampler decides. It is then current for the rest of the request (the app's logs carry its trace); the
        // bare activity is current again once the request's async flow returns to ASP.NET Core. An activity the
        // application started itself is left as the parent: its trace is the application's choice.
        var current = Activity.Current;
        var detach = parent == default && current is { Recorded: false } && current.Source.Name.Length == 0
            && current.OperationName == AspNetCoreRequestActivity;
        if (detach)
        {
            Activity.Current = null;
        }

        var activity = Source.CreateActivity(name, kind, parent, tags: null, links: null, ActivityIdFormat.W3C);
        if (activity is null)
        {
            if (detach)
            {
                Activity.Current = current;
            }

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

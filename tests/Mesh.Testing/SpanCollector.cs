using System.Collections.Concurrent;
using System.Diagnostics;

namespace Mesh.Testing;

/// <summary>
/// A plain <see cref="ActivityListener"/> on the <c>Mesh</c> source (and the tests' own source), recording every
/// span that stops. It samples everything (AllDataAndRecorded), so a span that comes out unrecorded was made so by
/// Mesh. Listeners are process-wide: tests pick their spans by trace id.
/// </summary>
public sealed class SpanCollector : IDisposable
{
    /// <summary>The source tests start their own root spans from.</summary>
    public static readonly ActivitySource TestSource = new("Mesh.Tests");

    private readonly ActivityListener _listener;

    public SpanCollector()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = static source => source.Name is "Mesh" or "Mesh.Tests",
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public ConcurrentQueue<Activity> Stopped { get; } = new();

    /// <summary>The Mesh spans of one trace, in the order they stopped.</summary>
    public List<Activity> Of(ActivityTraceId trace) =>
        [.. Stopped.Where(a => a.TraceId == trace && a.Source.Name == "Mesh")];

    /// <summary>
    /// Waits until <paramref name="count"/> Mesh spans of <paramref name="trace"/> have stopped, then returns them all.
    /// A server span stops when its request's pipeline unwinds, which for a response with a Content-Length can be
    /// after the caller has read it: asserting on <see cref="Of"/> at once would race that.
    /// </summary>
    public Task<List<Activity>> OfAsync(ActivityTraceId trace, int count) =>
        Eventually.ValueAsync(() => Task.FromResult(Of(trace)), spans => spans.Count >= count, TimeSpan.FromSeconds(20), $"fewer than {count} Mesh spans of trace {trace} stopped");

    public void Dispose() => _listener.Dispose();
}

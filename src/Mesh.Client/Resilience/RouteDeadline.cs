using Mesh.Client.Pooling;
using Polly;
using Polly.Timeout;

namespace Mesh.Client.Resilience;

/// <summary>
/// A route's <c>timeout</c>: a deadline on the token that the route's Polly pipeline runs with. Polly's retries,
/// back-off delays and per-try timeouts all watch the context's token, so when the deadline passes the attempt in
/// flight is cancelled, no retry starts and a back-off ends at once; <see cref="Complete"/> then reports the
/// cancellation as Polly's own timeout strategy does, with a <see cref="TimeoutRejectedException"/>, and a
/// cancellation by the caller stays the caller's. The same deadline, on the route's token, bounds the first attempt
/// by the route's <c>perTryTimeout</c> (that attempt runs outside the pipeline: see <see cref="FirstOutcome"/>).
/// </summary>
/// <remarks>
/// Why not Polly's timeout strategy around the retries: a strategy awaits the attempt in an async method of its
/// own, and Polly's timeout state machine (about 280 B) is allocated on every request whose send completes
/// asynchronously, which over a socket is every one. That is more than half of the mesh's 512 B budget per
/// request (docs/performance.md). Applied here, the deadline is a pooled <see cref="CancellationTokenSource"/>
/// and allocates nothing per request.
/// </remarks>
internal readonly struct RouteDeadline : IDisposable
{
    private readonly CancellationTokenSource? _source;
    private readonly CancellationTokenRegistration _callerLink;
    private readonly CancellationToken _caller;
    private readonly TimeSpan _timeout;
    private readonly bool _pooled;
    private readonly bool _perTry;

    private RouteDeadline(CancellationToken caller) => _caller = caller;

    private RouteDeadline(CancellationTokenSource source, bool pooled, TimeSpan timeout, bool perTry, CancellationToken caller, CancellationTokenRegistration callerLink = default)
    {
        _source = source;
        _pooled = pooled;
        _perTry = perTry;
        _caller = caller;
        _timeout = timeout;
        _callerLink = callerLink;
    }

    /// <summary>The token to run the pipeline with: cancelled by the deadline or by the caller.</summary>
    public CancellationToken Token => _source?.Token ?? _caller;

    /// <summary>
    /// The deadline's token, not yet running: <see cref="Armed"/> starts its clock and links the caller's token.
    /// With no <paramref name="timeout"/> the caller's token is used as it is. <paramref name="perTry"/> names it a
    /// per-try timeout in the exception <see cref="Complete"/> makes.
    /// </summary>
    /// <remarks>
    /// Why two steps: the mesh hands the token to the send, and arms the deadline once the send has returned, when
    /// the request is already on its way. The timer's start and the caller's link (about 0.15 μs with cold caches,
    /// docs/performance.md) then overlap with the network and the endpoint's work rather than delaying the request.
    /// The deadline starts that much later, a few microseconds at most. A test's clock (any other than
    /// <see cref="TimeProvider.System"/>) runs from here: its source starts its timer when it is made.
    /// </remarks>
    public static RouteDeadline Prepare(TimeSpan? timeout, TimeProvider time, CancellationToken caller, bool perTry = false)
    {
        if (timeout is not { } limit)
        {
            return new RouteDeadline(caller);
        }

        return time == TimeProvider.System
            ? new RouteDeadline(SourcePool.Rent(), pooled: true, limit, perTry, caller)
            : new RouteDeadline(new CancellationTokenSource(limit, time), pooled: false, limit, perTry, caller);
    }

    /// <summary>This deadline, running: its clock started and the caller's cancellation linked. Call once.</summary>
    public RouteDeadline Armed()
    {
        if (_source is null)
        {
            return this;
        }

        if (_pooled)
        {
            _source.CancelAfter(_timeout);
        }

        // The caller's cancellation still reaches the attempt, through the deadline's token (at once, if it came first).
        var link = _caller.CanBeCanceled ? _caller.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), _source) : default;
        return new RouteDeadline(_source, _pooled, _timeout, _perTry, _caller, link);
    }

    /// <summary>
    /// The pipeline's outcome, with a cancellation that the deadline caused (not the caller) turned into a
    /// <see cref="TimeoutRejectedException"/>.
    /// </summary>
    public Outcome<HttpResponseMessage> Complete(Outcome<HttpResponseMessage> outcome) =>
        _source is { IsCancellationRequested: true } && outcome.Exception is OperationCanceledException canceled && !_caller.IsCancellationRequested
            ? Outcome.FromException<HttpResponseMessage>(new TimeoutRejectedException(
                _perTry ? $"The attempt did not complete within the route's per-try timeout of '{_timeout}'." : $"The request did not complete within the route's timeout of '{_timeout}'.",
                _timeout,
                canceled))
            : outcome;

    /// <summary>Unlinks the caller's token and returns the source to the pool.</summary>
    public void Dispose()
    {
        if (_source is null)
        {
            return;
        }

        _callerLink.Dispose();
        if (_pooled)
        {
            SourcePool.Return(_source);
        }
        else
        {
            _source.Dispose();
        }
    }

    /// <summary>Cancellation sources reset for reuse; one that has fired cannot be reset and is dropped.</summary>
    private static class SourcePool
    {
        private static readonly BoundedPool<CancellationTokenSource> Sources = new(1024);

        public static CancellationTokenSource Rent() => Sources.TryRent(out var source) ? source : new CancellationTokenSource();

        public static void Return(CancellationTokenSource source)
        {
            // TryReset also stops the pending CancelAfter timer; it fails once the source has been cancelled.
            if (!source.TryReset() || !Sources.TryReturn(source))
            {
                source.Dispose();
            }
        }
    }
}

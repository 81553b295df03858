using System.Diagnostics;
using System.Runtime.CompilerServices;
using Mesh.Client.Balancing;
using Mesh.Client.Pooling;
using Mesh.Client.Resilience;
using Mesh.Client.Telemetry.Topology;
using Polly;

namespace Mesh.Client.Http;

/// <summary>The per-request state of the send (step 4 onwards), and the continuation that completes it.</summary>
internal sealed partial class MeshHandler
{
    /// <summary>
    /// What one mesh request carries from its first attempt to its response: the exchange, the route's deadline,
    /// the first attempt's endpoint and per-try deadline, the outcome, and Polly's context once the request is
    /// retried. Taken from a process-wide pool and returned after the response has left.
    /// </summary>
    /// <remarks>
    /// <para>
    /// It is also the continuation of a first attempt that completes asynchronously (over a socket, every one):
    /// <see cref="WhenSent"/> hands the caller a task of its own and has the send call <see cref="OnSent"/> when it
    /// ends, with a delegate made once per pooled state. No async method runs, so no state machine is allocated, and
    /// the caller's task completes (<see cref="Deliver"/>) before the mesh's bookkeeping that the caller does not wait
    /// for: the live topology's counters, the route deadline's reset, and the return of this state and Polly's context
    /// to their pools. That work then runs when the caller's own continuation next waits (in a client that sends
    /// one request after another, while its next request is on the network) rather than between the response and
    /// the caller. What the caller can observe is done first: the endpoint's in-flight count, the destination's
    /// admission and any place held in its retry budget are released, outlier detection and the observed call
    /// (metrics, span, access log) have heard of the response, and the request has its URI back. Nothing after the
    /// completion may throw: it runs as the send's continuation, where an exception would reach the thread pool.
    /// </para>
    /// <para>
    /// Pooled because every value here lives across the send, which over a socket always completes asynchronously;
    /// the pool does not depend on threads, so a request that starts on one thread and ends on another (a caller that
    /// blocks, as BenchmarkDotNet's does) finds it too.
    /// </para>
    /// </remarks>
    private sealed class SendState
    {
        private static readonly BoundedPool<SendState> Pool = new(1024);

        public MeshExchange Exchange;
        public RouteDeadline Deadline;
        public CancellationToken Caller;
        public Outcome<HttpResponseMessage> Outcome;
        private EndpointState? _endpoint;
        private RouteDeadline _perTry;
        private TopologyRecorder? _topology;

        // The asynchronous continuation (WhenSent): the send awaited, the caller's task.
        private readonly Action _onSent;
        private Task<HttpResponseMessage>? _sending;
        private AsyncTaskMethodBuilder<HttpResponseMessage> _promise;

        private SendState() => _onSent = OnSent;

        /// <summary>
        /// Polly's context, taken from its pool only when the first outcome is retried: a request that is not
        /// retried never needs one (nor the property writes that would fill it).
        /// </summary>
        public ResilienceContext? Context { get; private set; }

        /// <summary>Attempts made: 1 unless the pipeline retried.</summary>
        public int Attempts => Context is null ? 1 : AttemptKeys.Count(Context);

        /// <summary>The endpoint of the last attempt, if one was picked.</summary>
        public EndpointState? LastEndpoint =>
            Context is not null && Context.Properties.TryGetValue(AttemptKeys.LastEndpoint, out var last) ? last : _endpoint;

        public static SendState Rent(MeshExchange exchange, RouteDeadline deadline, TopologyRecorder topology, CancellationToken caller)
        {
            if (!Pool.TryRent(out var state))
            {
                state = new SendState();
            }

            state.Exchange = exchange;
            state.Deadline = deadline;
            state.Caller = caller;
            state._topology = topology;
            return state;
        }

        /// <summary>
        /// Starts the first attempt: the send, or null when the attempt was refused at once (its outcome is then
        /// set). <see cref="EndFirstAttempt"/> must follow a send, once it has completed.
        /// </summary>
        public Task<HttpResponseMessage>? StartFirstAttempt()
        {
            var target = Exchange.Destination.Target;
            if (BeginFirstAttempt(Exchange.Request, target) is not { } endpoint)
            {
                Outcome = Polly.Outcome.FromResult(RefusedAttempt(Exchange.Request, target));
                Deadline = Deadline.Armed(); // for the retries that the refusal may get
                return null;
            }

            _endpoint = endpoint;
            try
            {
                _perTry = Exchange.Route.Policy.PrepareFirstTry(Deadline.Token);
                var sending = target.PoolOf(endpoint).SendAsync(Exchange.Request, _perTry.Token);

                // The request is on its way (the send returns once it waits for the response): the deadlines start
                // now, while the endpoint works, rather than before the request left (see RouteDeadline.Prepare). A
                // send that has already ended needs no per-try deadline; retries still run on the route's.
                Deadline = Deadline.Armed();
                if (!sending.IsCompleted)
                {
                    _perTry = _perTry.Armed();
                }

                return sending;
            }
            catch (Exception ex)
            {
                // Thrown once the endpoint was entered (a pool disposed by an update, a cancellation callback that
                // failed): the attempt still ends, through EndFirstAttempt, and releases what BeginFirstAttempt took.
                return Task.FromException<HttpResponseMessage>(ex);
            }
        }

        /// <summary>
        /// Ends the first attempt from its completed send: its outcome (a response, or a failure that retry
        /// conditions can see; anything else propagates), then the release of its endpoint, admission and per-try
        /// deadline.
        /// </summary>
        public void EndFirstAttempt(Task<HttpResponseMessage> sent)
        {
            var target = Exchange.Destination.Target;
            try
            {
                Outcome = EndAttempt(target, _endpoint!, sent.GetAwaiter().GetResult(), Exchange.Call);
            }
            catch (Exception ex) when (IsAttemptFailure(ex, _perTry.Token))
            {
                // A per-try timeout becomes Polly's timeout exception.
                Outcome = _perTry.Complete(FailAttempt(target, _endpoint!, ex, Exchange.Call));
            }
            finally
            {
                _perTry.Dispose();
                _perTry = default;
                ExitAttempt(target, _endpoint!);
            }
        }

        /// <summary>
        /// The caller's task for a first attempt still in flight: <see cref="OnSent"/> completes it (see the remarks
        /// on this class).
        /// </summary>
        public Task<HttpResponseMessage> WhenSent(Task<HttpResponseMessage> sending)
        {
            _promise = AsyncTaskMethodBuilder<HttpResponseMessage>.Create();
            var task = _promise.Task; // before the continuation is registered: from then on it may run, and release this state
            _sending = sending;
            sending.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onSent);
            return task;
        }

        /// <summary>
        /// The send completed. Nothing here may throw: it is the send's continuation, and an exception would have
        /// nowhere to go but the thread pool.
        /// </summary>
        /// <remarks>
        /// Registered without capturing the caller's execution context (<see cref="ConfiguredTaskAwaitable{TResult}.ConfiguredTaskAwaiter.UnsafeOnCompleted"/>),
        /// yet it runs in that context: the send is <see cref="SocketsHttpHandler"/>'s async method, started by this
        /// request, and its task completes (and runs this continuation) inside that method's own continuation, in the
        /// context it flowed from the caller, over HTTP/1.1 and HTTP/2 alike (SendContinuationTests). The one
        /// exception: a send that ends between <c>IsCompleted</c> and the registration has this continuation queued to
        /// the thread pool, outside the caller's context. The observed call does not depend on it (it keeps the trace
        /// it started in); an application's logging scopes are then missing from that one access-log record.
        /// </remarks>
        private void OnSent()
        {
            HttpResponseMessage response;
            try
            {
                EndFirstAttempt(_sending!);
                if (ShouldRetry)
                {
                    _ = RetryThenDeliverAsync(this);
                    return;
                }

                response = Answer(this);
            }
            catch (Exception ex)
            {
                Fail(ex);
                return;
            }

            Deliver(response);
        }

        /// <summary>
        /// Completes the caller's task with <paramref name="response"/>, then does the bookkeeping that the caller
        /// does not wait for (see the remarks on this class) and returns this state to its pool.
        /// </summary>
        public void Deliver(HttpResponseMessage response)
        {
            // Read before the caller has the response (and may dispose or change it): the edge's latency ends here.
            var exchange = Exchange;
            var endpoint = LastEndpoint;
            var error = TopologyRecorder.IsError(response);
            var elapsed = Stopwatch.GetTimestamp() - exchange.Started;
            RestoreRequestUri();
            EndRetryHold();

            _promise.SetResult(response); // the caller's continuation runs here, up to its next wait

            _topology!.Record(exchange.Destination.Target.Service, exchange.Destination.Target.Subset, endpoint, elapsed, error);
            Release();
        }

        /// <summary>
        /// Fails the caller's task with <paramref name="ex"/> (a caller's cancellation cancels it), after completing the
        /// observed call; then returns this state to its pool.
        /// </summary>
        public void Fail(Exception ex)
        {
            try
            {
                Exchange.Call?.Complete(null, ex);
            }
            catch (Exception later)
            {
                ex = later; // as an async method would: the later exception is the one that leaves
            }

            RestoreRequestUri();
            EndRetryHold();
            _promise.SetException(ex);
            Release();
        }

        /// <summary>The first outcome is to be handed to the route's pipeline for retries.</summary>
        public bool ShouldRetry => IsReplayable(Exchange.Request.Content) && Exchange.Route.Policy.WouldRetry(Outcome);

        /// <summary>
        /// Polly's context for the retries, on the route's deadline token, holding what the pipeline's attempts and
        /// retry predicate read: the destination, the first attempt's endpoint (to avoid) and the count so far.
        /// </summary>
        public ResilienceContext StartRetries()
        {
            var context = ResilienceContextPool.Shared.Get(Deadline.Token);
            context.Properties.Set(AttemptKeys.Target, Exchange.Destination.Target);
            AttemptKeys.SetCount(context, 1);
            if (_endpoint is not null)
            {
                context.Properties.Set(AttemptKeys.LastEndpoint, _endpoint);
            }

            Context = context;
            return context;
        }

        /// <summary>
        /// Gives the caller its request as it sent it, even after a rewrite: before the caller has the outcome, so
        /// that nothing changes the request after that.
        /// </summary>
        public void RestoreRequestUri()
        {
            if (ReferenceEquals(Exchange.Request.RequestUri, Exchange.OriginalUri))
            {
                return;
            }

            try
            {
                Exchange.Request.RequestUri = Exchange.OriginalUri;
            }
            catch (ObjectDisposedException)
            {
                // The caller disposed its request before it had the outcome: there is no one to give it back to, and
                // this must not throw on its way to the caller's task.
            }
        }

        /// <summary>
        /// Gives back the retry budget's place held for a retry that a timeout pre-empted, before the caller has the
        /// outcome, so that a request it sends next sees the budget as this one left it.
        /// </summary>
        public void EndRetryHold()
        {
            if (Context is not null && Context.Properties.TryGetValue(AttemptKeys.RetryHeld, out var held) && held)
            {
                Context.Properties.Set(AttemptKeys.RetryHeld, false);
                Exchange.Destination.Target.State.EndRetry();
            }
        }

        /// <summary>Releases the request's slots and context, and returns this state to the pool.</summary>
        public void Release()
        {
            if (Context is not null)
            {
                EndRetryHold();
                ResilienceContextPool.Shared.Return(Context);
                Context = null;
            }

            Deadline.Dispose();
            Exchange = default;
            Deadline = default;
            Caller = default;
            Outcome = default;
            _endpoint = null;
            _topology = null;
            _sending = null;
            _promise = default;
            Pool.TryReturn(this);
        }
    }
}

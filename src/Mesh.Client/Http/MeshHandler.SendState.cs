using Mesh.Client.Balancing;
using Mesh.Client.Pooling;
using Mesh.Client.Resilience;
using Polly;

namespace Mesh.Client.Http;

/// <summary>The per-request state of the send (step 4 onwards), kept out of the async frame.</summary>
internal sealed partial class MeshHandler
{
    /// <summary>
    /// What one mesh request carries from its first attempt to its response: the exchange, the route's deadline,
    /// the first attempt's endpoint and per-try deadline, the outcome, and Polly's context once the request is
    /// retried. Taken from a process-wide pool and returned when the response leaves.
    /// </summary>
    /// <remarks>
    /// Why: the state of <see cref="SendUnderPolicyAsync"/>'s frame lives across its await, so it would be in the
    /// state machine that the runtime allocates for every request whose send completes asynchronously. Here, the
    /// frame holds one reference, and this state is reused; the pool does not depend on threads, so a request that
    /// starts on one thread and ends on another (a caller that blocks, as BenchmarkDotNet's does) finds it too.
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

        public static SendState Rent(MeshExchange exchange, RouteDeadline deadline, CancellationToken caller)
        {
            if (!Pool.TryRent(out var state))
            {
                state = new SendState();
            }

            state.Exchange = exchange;
            state.Deadline = deadline;
            state.Caller = caller;
            return state;
        }

        /// <summary>
        /// Starts the first attempt: the send to await, or null when the attempt was refused at once (its outcome is
        /// then set). <see cref="EndFirstAttempt"/> must follow a send.
        /// </summary>
        public Task<HttpResponseMessage>? StartFirstAttempt()
        {
            var target = Exchange.Destination.Target;
            if (BeginFirstAttempt(Exchange.Request, target) is not { } endpoint)
            {
                Outcome = Polly.Outcome.FromResult(RefusedAttempt(Exchange.Request, target));
                return null;
            }

            _endpoint = endpoint;
            _perTry = Exchange.Route.Policy.StartFirstTry(Deadline.Token);
            return target.PoolOf(endpoint).SendAsync(Exchange.Request, _perTry.Token);
        }

        /// <summary>The first attempt's endpoint answered.</summary>
        public void Answered(HttpResponseMessage response) =>
            Outcome = EndAttempt(Exchange.Destination.Target, _endpoint!, response, Exchange.Call);

        /// <summary>Whether the first attempt's exception is a failure to turn into an outcome (see <see cref="IsAttemptFailure"/>).</summary>
        public bool IsFailure(Exception ex) => IsAttemptFailure(ex, _perTry.Token);

        /// <summary>The first attempt failed without a response; a per-try timeout becomes Polly's timeout exception.</summary>
        public void Failed(Exception ex) =>
            Outcome = _perTry.Complete(FailAttempt(Exchange.Destination.Target, _endpoint!, ex, Exchange.Call));

        /// <summary>Releases the first attempt's endpoint, admission and per-try deadline.</summary>
        public void EndFirstAttempt()
        {
            _perTry.Dispose();
            _perTry = default;
            ExitAttempt(Exchange.Destination.Target, _endpoint!);
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

        /// <summary>Releases the request's slots and context, restores its URI, and returns this state to the pool.</summary>
        public void Release()
        {
            if (Context is not null)
            {
                if (Context.Properties.TryGetValue(AttemptKeys.RetryHeld, out var held) && held)
                {
                    Exchange.Destination.Target.State.EndRetry(); // reserved for a retry that a timeout pre-empted
                }

                ResilienceContextPool.Shared.Return(Context);
                Context = null;
            }

            Deadline.Dispose();

            // The caller sees its request as it sent it, even after a rewrite.
            Exchange.Request.RequestUri = Exchange.OriginalUri;

            Exchange = default;
            Deadline = default;
            Caller = default;
            Outcome = default;
            _endpoint = null;
            Pool.TryReturn(this);
        }
    }
}

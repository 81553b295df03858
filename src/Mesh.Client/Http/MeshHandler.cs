using System.Diagnostics;
using System.Net;
using Mesh.Client.Resilience;
using Mesh.Client.Routing;
using Mesh.Client.Telemetry;
using Polly;
using Polly.Timeout;

namespace Mesh.Client.Http;

/// <summary>
/// The outbound pipeline of a meshed HttpClient. For a request to a mesh service: resolve the host, match a
/// route, pick a weighted destination, inject faults, mirror, then — within the route's timeout, under its
/// compiled Polly retry pipeline — pick a healthy endpoint (another one on retry), admit the attempt under the destination's
/// connection-pool limits, send through the destination's pool and feed the outcome to outlier detection.
/// Requests to other hosts pass through to the client's own handler (or are refused under REGISTRY_ONLY).
/// Decisions the mesh makes itself come back as responses with an <c>x-mesh-reason</c> flag, never as hangs.
/// </summary>
/// <remarks>
/// <para>
/// Shape of the hot path: everything decided before the request leaves (steps 1–3 and the header work) is
/// synchronous, in <see cref="SendThroughMesh"/> and <see cref="Dispatch"/>. The first attempt is then made
/// directly, outside Polly, so that a request that is not retried (nearly all) never enters the retry and per-try
/// timeout strategies, whose state machines would otherwise be allocated on every request (see
/// <see cref="FirstOutcome"/>); its per-try timeout is a deadline on the route's token. A failed first attempt
/// is handed to the route's compiled pipeline for retries.
/// </para>
/// <para>
/// No async method runs on the common path: when the send completes, the pooled <see cref="SendState"/> continues
/// the request as the send's continuation and completes the task HttpClient awaits, the one object allocated for
/// it, before the bookkeeping the caller does not need to wait for. Over sockets the mesh's code runs with cold
/// caches after every round trip, so each frame, call and object costs several times its warm price
/// (docs/performance.md). Faults and mirrors, which need awaits of their own, take separate paths
/// (MeshHandler.Detours.cs) so that the common path does not carry their state.
/// </para>
/// </remarks>
internal sealed partial class MeshHandler(MeshRuntime runtime) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri;
        if (uri is null || !uri.IsAbsoluteUri)
        {
            return base.SendAsync(request, cancellationToken);
        }

        if (!runtime.Snapshot.TryResolve(uri.Host, out var service))
        {
            return runtime.Options.OutboundTrafficPolicy == OutboundTrafficPolicy.RegistryOnly && !runtime.Snapshot.IsAdmitted(uri.Host)
                ? Task.FromResult(MeshResponse(request, HttpStatusCode.BadGateway, ResponseFlags.EgressBlocked, uri.Host))
                : base.SendAsync(request, cancellationToken);
        }

        if (!runtime.Telemetry.PrepareOutbound(request))
        {
            return SendThroughMesh(request, uri, service, null, cancellationToken);
        }

        // Observed (span, Istio metrics, access log): the call is completed where the response leaves the mesh
        // path (Complete), or here if the synchronous part throws.
        var call = runtime.Telemetry.StartOutbound(request, uri, service.Host);
        try
        {
            return SendThroughMesh(request, uri, service, call, cancellationToken);
        }
        catch (Exception ex)
        {
            call.Complete(null, ex);
            throw;
        }
    }

    /// <summary>
    /// Where a mesh request starts (steps 2–3: route, weighted pick, faults). Every response of the mesh path,
    /// whether the mesh decided it or an endpoint sent it, leaves through <see cref="Complete"/>.
    /// </summary>
    private Task<HttpResponseMessage> SendThroughMesh(HttpRequestMessage request, Uri uri, CompiledService service, OutboundCall? call, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        if (!service.TryRoute(request, uri, out var route, out var matched))
        {
            return Task.FromResult(Complete(call, MeshResponse(request, HttpStatusCode.NotFound, ResponseFlags.NoRoute, service.Host)));
        }

        var destination = route.PickTarget(runtime.Random);
        call?.Routed(route.Name, destination.Target);
        if (destination.Target.IsMissing)
        {
            return Task.FromResult(Complete(call, MeshResponse(request, HttpStatusCode.ServiceUnavailable, ResponseFlags.NoCluster, destination.Target.Name)));
        }

        var exchange = new MeshExchange(request, uri, route, destination, Delayed: false, call, started);
        return route.Fault is { } fault
            ? SendWithFaultsAsync(exchange, matched, fault, cancellationToken)
            : Dispatch(exchange, matched, cancellationToken);
    }

    /// <summary>
    /// After faults: rewrites, header operations and mirrors, then the send. Synchronous unless a mirror must
    /// first buffer a streamed body.
    /// </summary>
    private Task<HttpResponseMessage> Dispatch(MeshExchange exchange, RequestMatcher? matched, CancellationToken cancellationToken)
    {
        // Fields, not a deconstruction: the record struct's Deconstruct is not inlined and copies all seven.
        var (request, uri, route, destination) = (exchange.Request, exchange.OriginalUri, exchange.Route, exchange.Destination);
        var target = destination.Target;

        // The request keeps its service URI (each endpoint's pool connects to the endpoint's address), so the
        // endpoint sees the service's authority as Host, as behind a sidecar. A new URI only for a path rewrite,
        // or when the application's https must become http because the mesh secures the connection itself.
        var sendUri = uri;
        if (route.Rewrite is { RewritesPath: true } || (target.Scheme is not null && target.Scheme != uri.Scheme))
        {
            var pathAndQuery = route.Rewrite is { RewritesPath: true } r ? r.Apply(uri, matched) : uri.PathAndQuery;
            sendUri = new Uri((target.Scheme ?? uri.Scheme) + "://" + uri.Authority + pathAndQuery);
        }

        if (route.Rewrite?.Authority is { } authority)
        {
            request.Headers.Host = authority;
        }

        route.Headers?.ApplyToRequest(request);
        destination.Headers?.ApplyToRequest(request);
        if (target.Limits.CloseAfterEachRequest)
        {
            request.Headers.ConnectionClose = true;
        }

        if (route.Mirrors.Length > 0)
        {
            var mirrored = MirrorAsync(request, sendUri, route.Mirrors);
            if (!mirrored.IsCompletedSuccessfully)
            {
                return SendAfterMirrorAsync(mirrored, exchange, sendUri, cancellationToken);
            }
        }

        return Send(exchange, sendUri, cancellationToken);
    }

    /// <summary>Step 4: the route's compiled resilience pipeline around the attempts.</summary>
    private Task<HttpResponseMessage> Send(MeshExchange exchange, Uri sendUri, CancellationToken cancellationToken)
    {
        var target = exchange.Destination.Target;
        if (target.Balancer is null)
        {
            return Task.FromResult(Complete(exchange.Call, MeshResponse(exchange.Request, HttpStatusCode.ServiceUnavailable, ResponseFlags.NoHealthyUpstream, target.Name)));
        }

        // The route's overall timeout is a deadline on the token the attempts and the pipeline run with (see
        // RouteDeadline); the first attempt arms it once its send has returned.
        var deadline = exchange.Route.Policy.PrepareDeadline(cancellationToken);
        if (!ReferenceEquals(sendUri, exchange.OriginalUri))
        {
            exchange.Request.RequestUri = sendUri; // the setter validates the scheme: only for a new URI
        }

        var send = SendState.Rent(exchange, deadline, runtime.Topology, cancellationToken);
        var sending = send.StartFirstAttempt();
        return sending is { IsCompleted: false } ? send.WhenSent(sending) : AfterFirstAttemptAsync(send, sending);
    }

    /// <summary>
    /// The rest of a request whose first attempt was refused (<paramref name="sent"/> null) or completed at once, and
    /// so has no continuation to run in: retries, if its outcome asks for them, then the response.
    /// </summary>
    /// <remarks>
    /// Over a socket the first attempt completes later, and the request continues in <see cref="SendState"/> instead
    /// (<see cref="SendState.WhenSent"/>), where no async method's state machine is allocated and the mesh's
    /// bookkeeping waits until the caller has its response. This path does everything before the task completes.
    /// </remarks>
    private async Task<HttpResponseMessage> AfterFirstAttemptAsync(SendState send, Task<HttpResponseMessage>? sent)
    {
        try
        {
            if (sent is not null)
            {
                send.EndFirstAttempt(sent);
            }

            if (send.ShouldRetry)
            {
                await RetryAsync(send).ConfigureAwait(false);
            }

            var exchange = send.Exchange;
            var response = Answer(send);
            runtime.Topology.Record(exchange.Destination.Target, send.LastEndpoint, response, exchange.Started);
            return response;
        }
        catch (Exception ex)
        {
            send.Exchange.Call?.Complete(null, ex);
            throw;
        }
        finally
        {
            send.RestoreRequestUri();
            send.Release();
        }
    }

    /// <summary>
    /// The response for the request's outcome (Polly's timeout for a passed deadline, the mesh's flags, the
    /// routes' header operations), recorded by the observed call.
    /// </summary>
    private static HttpResponseMessage Answer(SendState send)
    {
        var exchange = send.Exchange;
        return Complete(exchange.Call, Respond(exchange, send.Deadline.Complete(send.Outcome), send.Attempts, send.Caller));
    }

    /// <summary>
    /// The retries of a request whose first attempt failed after the caller was handed <paramref name="send"/>'s
    /// task (<see cref="SendState.WhenSent"/>), then that task's completion. Only a retried request pays for this
    /// frame.
    /// </summary>
    private static async Task RetryThenDeliverAsync(SendState send)
    {
        HttpResponseMessage response;
        try
        {
            await RetryAsync(send).ConfigureAwait(false);
            response = Answer(send);
        }
        catch (Exception ex)
        {
            send.Fail(ex);
            return;
        }

        send.Deliver(response);
    }

    /// <summary>
    /// The retries of a first attempt that failed: the route's pipeline starts from that attempt's outcome (its
    /// first callback returns it) and makes every further attempt through <see cref="AttemptAsync"/>; the final
    /// outcome replaces the first in <paramref name="send"/>.
    /// </summary>
    /// <remarks>
    /// A <see cref="Task"/> rather than the pipeline's <see cref="ValueTask{TResult}"/> of an outcome: the callers'
    /// frames keep an awaiter for it, and a Task's awaiter is one reference where that ValueTask's is four fields.
    /// </remarks>
    private static async Task RetryAsync(SendState send)
    {
        var exchange = send.Exchange;
        send.Outcome = await RetryAsync(exchange.Route.Policy.WithRetries, send.StartRetries(), new AttemptState(exchange.Request, exchange.Destination.Target, exchange.Call), send.Outcome).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="pipeline"/> from the <paramref name="first"/> outcome (see <see cref="FirstOutcome"/>).</summary>
    private static async ValueTask<Outcome<HttpResponseMessage>> RetryAsync(ResiliencePipeline<HttpResponseMessage> pipeline, ResilienceContext context, AttemptState state, Outcome<HttpResponseMessage> first)
    {
        var replay = new FirstOutcome(first);
        context.Properties.Set(AttemptKeys.First, replay);
        var outcome = await pipeline.ExecuteOutcomeAsync(
            static (ctx, state) => ctx.Properties.TryGetValue(AttemptKeys.First, out var replay) && replay.TryTake(out var taken)
                ? new ValueTask<Outcome<HttpResponseMessage>>(taken)
                : AttemptAsync(ctx, state.Request, state.Target, state.Call),
            context,
            state).ConfigureAwait(false);
        replay.DisposeIfNotTaken();
        return outcome;
    }

    /// <summary>The response the caller gets for the pipeline's outcome, with the mesh's flags and header operations.</summary>
    private static HttpResponseMessage Respond(MeshExchange exchange, Outcome<HttpResponseMessage> outcome, int attempts, CancellationToken cancellationToken)
    {
        var (request, route, destination, delayed) = (exchange.Request, exchange.Route, exchange.Destination, exchange.Delayed);
        var response = outcome.Result ?? FailureResponse(request, outcome.Exception!, attempts, destination.Target.Name, cancellationToken);
        if (outcome.Result is not null && attempts > 1 && route.Policy.Conditions.ShouldRetry(response, null))
        {
            response.Headers.TryAddWithoutValidation(ResponseFlags.Header, ResponseFlags.RetryLimitExceeded);
        }

        if (delayed)
        {
            response.Headers.TryAddWithoutValidation(ResponseFlags.Header, ResponseFlags.DelayInjected);
        }

        route.Headers?.ApplyToResponse(response);
        destination.Headers?.ApplyToResponse(response);
        return response;
    }

    /// <summary>
    /// Where every response of the mesh path passes (a caller's cancellation is thrown instead, and completes the
    /// call where it is caught): the observed call, if any, records the request exactly once.
    /// </summary>
    private static HttpResponseMessage Complete(OutboundCall? call, HttpResponseMessage response)
    {
        call?.Complete(response, null);
        return response;
    }

    private bool Chance(double percent) =>
        percent >= 100 || (percent > 0 && runtime.Random.NextDouble() * 100 < percent);

    private static HttpResponseMessage FailureResponse(HttpRequestMessage request, Exception exception, int attempts, string destination, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            // The caller gave up: that is theirs to see, not a mesh decision.
            throw new TaskCanceledException("The request was canceled by the caller.", exception, cancellationToken);
        }

        if (exception is TimeoutRejectedException)
        {
            return MeshResponse(request, HttpStatusCode.GatewayTimeout, ResponseFlags.UpstreamTimeout, destination);
        }

        var flag = attempts > 1
            ? ResponseFlags.RetryLimitExceeded
            : exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError }
                ? ResponseFlags.UpstreamConnectionFailure
                : ResponseFlags.UpstreamConnectionTermination;
        return MeshResponse(request, HttpStatusCode.ServiceUnavailable, flag, destination);
    }

    private static HttpResponseMessage MeshResponse(HttpRequestMessage request, HttpStatusCode status, string flag, string? destination)
    {
        if (destination is not null)
        {
            MeshEvents.Record(flag, destination);
        }

        var response = new HttpResponseMessage(status) { RequestMessage = request, Content = new StringContent("") };
        response.Headers.TryAddWithoutValidation(ResponseFlags.Header, flag);
        return response;
    }

    /// <summary>A body can be sent again only when it is held in memory.</summary>
    private static bool IsReplayable(HttpContent? content) =>
        content is null or ByteArrayContent or ReadOnlyMemoryContent;

    /// <summary>
    /// What the mesh path carries from routing to the response, in one value: the request, the URI it came with,
    /// the route and the destination picked, whether a delay was injected, the telemetry of the call (when observed)
    /// and when it started (for the live topology).
    /// </summary>
    private readonly record struct MeshExchange(HttpRequestMessage Request, Uri OriginalUri, CompiledRoute Route, WeightedTarget Destination, bool Delayed, OutboundCall? Call, long Started);

    private readonly record struct AttemptState(HttpRequestMessage Request, SubsetTarget Target, OutboundCall? Call);
}

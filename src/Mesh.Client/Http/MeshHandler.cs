using System.Net;
using System.Runtime.CompilerServices;
using Mesh.Client.Balancing;
using Mesh.Client.Resilience;
using Mesh.Client.Routing;
using Mesh.Client.Telemetry;
using Polly;
using Polly.Timeout;

namespace Mesh.Client.Http;

/// <summary>
/// The outbound pipeline of a meshed HttpClient. For a request to a mesh service: resolve the host, match a
/// route, pick a weighted destination, inject faults, mirror, then — under the route's compiled timeout and
/// retry pipeline — pick a healthy endpoint (another one on retry), admit the attempt under the destination's
/// connection-pool limits, send through the destination's pool and feed the outcome to outlier detection.
/// Requests to other hosts pass through to the client's own handler (or are refused under REGISTRY_ONLY).
/// Decisions the mesh makes itself come back as responses with an <c>x-mesh-reason</c> flag, never as hangs.
/// </summary>
internal sealed class MeshHandler(MeshRuntime runtime) : DelegatingHandler
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

        return runtime.Telemetry.PrepareOutbound(request)
            ? SendObservedAsync(request, uri, service, cancellationToken)
            : SendThroughMeshAsync(request, uri, service, null, cancellationToken);
    }

    /// <summary>The mesh request under telemetry (span, Istio metrics, access log): only when something observes.</summary>
    private async Task<HttpResponseMessage> SendObservedAsync(HttpRequestMessage request, Uri uri, CompiledService service, CancellationToken cancellationToken)
    {
        var call = runtime.Telemetry.StartOutbound(request, uri, service.Host);
        HttpResponseMessage? response = null;
        Exception? error = null;
        try
        {
            return response = await SendThroughMeshAsync(request, uri, service, call, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            error = ex;
            throw;
        }
        finally
        {
            call.Complete(response, error);
        }
    }

    private async Task<HttpResponseMessage> SendThroughMeshAsync(HttpRequestMessage request, Uri uri, CompiledService service, OutboundCall? call, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        CompiledRoute? route = null;
        RequestMatcher? matched = null;
        foreach (var candidate in service.Routes)
        {
            if (candidate.TryMatch(request, uri, out matched))
            {
                route = candidate;
                break;
            }
        }

        if (route is null)
        {
            return MeshResponse(request, HttpStatusCode.NotFound, ResponseFlags.NoRoute, service.Host);
        }

        var destination = route.PickTarget(runtime.Random);
        var target = destination.Target;
        call?.Routed(route.Name, target);
        if (target.IsMissing)
        {
            return MeshResponse(request, HttpStatusCode.ServiceUnavailable, ResponseFlags.NoCluster, target.Name);
        }

        // Faults come before the request leaves, and are not retried (as Envoy's fault filter before its router).
        var delayed = false;
        if (route.Fault is { } fault)
        {
            if (fault.Delay is { } delay && Chance(fault.DelayPercent))
            {
                MeshEvents.Record(MeshEvents.DelayInjected, target.Name);
                await Task.Delay(delay, runtime.Time, cancellationToken).ConfigureAwait(false);
                delayed = true;
            }

            if (fault.AbortStatus is { } status && Chance(fault.AbortPercent))
            {
                MeshEvents.Record(MeshEvents.AbortInjected, target.Name);
                var aborted = MeshResponse(request, status, ResponseFlags.FaultInjected, null);
                if (fault.GrpcStatus is { } grpc)
                {
                    aborted.Headers.TryAddWithoutValidation("grpc-status", grpc.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                return aborted;
            }
        }

        // The request keeps its service URI (each endpoint's pool connects to the endpoint's address), so the
        // endpoint sees the service's authority as Host, as behind a sidecar. A new URI only for a path rewrite,
        var sendUri = uri;
        // or when the application's https must become http because the mesh secures the connection itself.
        if (route.Rewrite is { RewritesPath: true } rewrite || (target.Scheme is not null && target.Scheme != uri.Scheme))
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
            await MirrorAsync(request, sendUri, route.Mirrors).ConfigureAwait(false);
        }

        if (target.Balancer is null)
        {
            return MeshResponse(request, HttpStatusCode.ServiceUnavailable, ResponseFlags.NoHealthyUpstream, target.Name);
        }

        var policy = route.Policy;
        var pipeline = IsReplayable(request.Content) ? policy.WithRetries : policy.WithoutRetries;
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(AttemptKeys.Target, target);
        request.RequestUri = sendUri;
        try
        {
            var outcome = await pipeline.ExecuteOutcomeAsync(
                static (ctx, state) => AttemptAsync(ctx, state.Request, state.Target, state.Call),
                context,
                new AttemptState(request, target, call)).ConfigureAwait(false);

            var attempts = AttemptKeys.Count(context);
            var response = outcome.Result ?? FailureResponse(request, outcome.Exception!, attempts, target.Name, cancellationToken);
            if (outcome.Result is not null && attempts > 1 && policy.Conditions.ShouldRetry(response, null))
            {
                response.Headers.TryAddWithoutValidation(ResponseFlags.Header, ResponseFlags.RetryLimitExceeded);
            }

            if (delayed)
            {
                response.Headers.TryAddWithoutValidation(ResponseFlags.Header, ResponseFlags.DelayInjected);
            }

            route.Headers?.ApplyToResponse(response);
            destination.Headers?.ApplyToResponse(response);
            runtime.Topology.Record(target, context, response, started);
            return response;
        }
        finally
        {
            if (context.Properties.TryGetValue(AttemptKeys.RetryHeld, out var held) && held)
            {
                target.State.EndRetry(); // reserved for a retry that a timeout pre-empted
            }

            ResilienceContextPool.Shared.Return(context);

            // The caller sees its request as it sent it, even after a rewrite.
            request.RequestUri = uri;
        }
    }

    // Every attempt completes asynchronously (it waits for the network): a pooled builder reuses its state
    // machine box instead of allocating one per attempt.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<Outcome<HttpResponseMessage>> AttemptAsync(ResilienceContext context, HttpRequestMessage request, SubsetTarget target, OutboundCall? call)
    {
        var isRetry = context.Properties.TryGetValue(AttemptKeys.RetryHeld, out var held) && held;
        if (isRetry)
        {
            context.Properties.Set(AttemptKeys.RetryHeld, false);
        }

        try
        {
            context.Properties.TryGetValue(AttemptKeys.LastEndpoint, out var previous);
            AttemptKeys.SetCount(context, AttemptKeys.Count(context) + 1);
            if (target.Balancer is not { } balancer)
            {
                return Outcome.FromResult(MeshResponse(request, HttpStatusCode.ServiceUnavailable, ResponseFlags.NoHealthyUpstream, target.Name));
            }

            if (!target.State.TryEnter(target.Limits.MaxActiveRequests))
            {
                // Over the destination's connection-pool limit: refuse at once rather than queue.
                return Outcome.FromResult(MeshResponse(request, HttpStatusCode.ServiceUnavailable, ResponseFlags.UpstreamOverflow, target.Name));
            }

            var endpoint = Pick(context, balancer, request, previous);
            context.Properties.Set(AttemptKeys.LastEndpoint, endpoint);
            endpoint.Enter();
            try
            {
                var response = await target.PoolOf(endpoint).SendAsync(request, context.CancellationToken).ConfigureAwait(false);
                target.Record(endpoint, (int)response.StatusCode, connectionFailure: false);
                call?.AttemptEnded(endpoint, response, null);
                return Outcome.FromResult(response);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && context.CancellationToken.IsCancellationRequested))
            {
                if (ex is HttpRequestException or IOException)
                {
                    target.Record(endpoint, 0, connectionFailure: true);
                }

                call?.AttemptEnded(endpoint, null, ex);

                return Outcome.FromException<HttpResponseMessage>(ex);
            }
            finally
            {
                endpoint.Exit();
                target.State.Exit();
            }
        }
        finally
        {
            if (isRetry)
            {
                target.State.EndRetry();
            }
        }
    }

    /// <summary>
    /// Picks an endpoint; a retry avoids every endpoint already tried when others remain (Istio's previous-hosts
    /// retry predicate), re-picking a few times as Envoy does rather than filtering the balancer's set.
    /// </summary>
    private static EndpointState Pick(ResilienceContext context, ILoadBalancer balancer, HttpRequestMessage request, EndpointState? previous)
    {
        var endpoint = balancer.Pick(new PickContext(request, previous, null));
        if (previous is null)
        {
            return endpoint;
        }

        if (!context.Properties.TryGetValue(AttemptKeys.Tried, out var tried))
        {
            tried = [];
            context.Properties.Set(AttemptKeys.Tried, tried);
        }

        for (var i = 0; i < 3 && tried.Contains(endpoint) && tried.Count + 1 < balancer.Endpoints.Count; i++)
        {
            endpoint = balancer.Pick(new PickContext(request, previous, null));
        }

        if (tried.Contains(endpoint))
        {
            // The balancer keeps choosing tried endpoints (few left): take any untried one there is.
            foreach (var candidate in balancer.Endpoints)
            {
                if (candidate != previous && !tried.Contains(candidate))
                {
                    endpoint = candidate;
                    break;
                }
            }
        }

        tried.Add(previous);
        return endpoint;
    }

    /// <summary>
    /// Sends copies to the mirror destinations, fire-and-forget: the caller never waits for them, and their
    /// answers and failures are discarded. A streamed body is buffered first, up to a limit; beyond it the copy
    /// is skipped rather than holding the caller.
    /// </summary>
    private async Task MirrorAsync(HttpRequestMessage request, Uri uri, MirrorTarget[] mirrors)
    {
        byte[]? body = null;
        foreach (var mirror in mirrors)
        {
            if (!Chance(mirror.Percent) || mirror.Target.Balancer is not { } balancer)
            {
                continue;
            }

            if (request.Content is not null && body is null)
            {
                body = await MirrorCopy.BufferAsync(request.Content).ConfigureAwait(false);
                if (body is null)
                {
                    return; // too large, or unreadable without consuming the caller's stream
                }
            }

            var endpoint = balancer.Pick(new PickContext(request, null, null));
            var copy = MirrorCopy.Create(request, uri, body);
            MeshEvents.Record(MeshEvents.Mirror, mirror.Target.Name);
            _ = MirrorCopy.SendAsync(mirror.Target.PoolOf(endpoint), copy);
        }
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

    private readonly record struct AttemptState(HttpRequestMessage Request, SubsetTarget Target, OutboundCall? Call);
}

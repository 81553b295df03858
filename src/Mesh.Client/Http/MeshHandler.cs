using System.Net;
using Mesh.Client.Balancing;
using Mesh.Client.Routing;
using Polly;
using Polly.Timeout;

namespace Mesh.Client.Http;

/// <summary>
/// The outbound pipeline of a meshed HttpClient. For a request to a mesh service: resolve the host, match a
/// route, pick a weighted destination, then — under the route's compiled timeout and retry pipeline — pick an
/// endpoint (another one on retry) and send through the shared transport. Requests to other hosts pass through
/// to the client's own handler untouched. Decisions the mesh makes itself come back as responses with an
/// <c>x-mesh-reason</c> flag, never as hangs.
/// </summary>
internal sealed class MeshHandler(MeshRuntime runtime) : DelegatingHandler
{
    private static readonly ResiliencePropertyKey<EndpointState> LastEndpoint = new("mesh.endpoint");
    private static readonly ResiliencePropertyKey<int> AttemptCount = new("mesh.attempts");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri;
        if (uri is null || !uri.IsAbsoluteUri || !runtime.Snapshot.TryResolve(uri.Host, out var service))
        {
            return base.SendAsync(request, cancellationToken);
        }

        return SendThroughMeshAsync(request, uri, service, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendThroughMeshAsync(HttpRequestMessage request, Uri uri, CompiledService service, CancellationToken cancellationToken)
    {
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
            return MeshResponse(request, HttpStatusCode.NotFound, ResponseFlags.NoRoute);
        }

        var destination = route.PickTarget(runtime.Random);
        var target = destination.Target;
        if (target.IsMissing)
        {
            return MeshResponse(request, HttpStatusCode.ServiceUnavailable, ResponseFlags.NoCluster);
        }

        if (target.Balancer is null)
        {
            return MeshResponse(request, HttpStatusCode.ServiceUnavailable, ResponseFlags.NoHealthyUpstream);
        }

        var pathAndQuery = route.Rewrite is { RewritesPath: true } rewrite ? rewrite.Apply(uri, matched) : uri.PathAndQuery;
        if (route.Rewrite?.Authority is { } authority)
        {
            request.Headers.Host = authority;
        }
        else if (request.Headers.Host is null)
        {
            // The endpoint sees the service's name, as behind a sidecar, not its own address.
            request.Headers.Host = uri.Authority;
        }

        route.Headers?.ApplyToRequest(request);
        destination.Headers?.ApplyToRequest(request);

        var policy = route.Policy;
        var pipeline = IsReplayable(request.Content) ? policy.WithRetries : policy.WithoutRetries;
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            var outcome = await pipeline.ExecuteOutcomeAsync(
                static (ctx, state) => state.Handler.AttemptAsync(ctx, state.Request, state.Target, state.PathAndQuery),
                context,
                new AttemptState(this, request, target, pathAndQuery)).ConfigureAwait(false);

            context.Properties.TryGetValue(AttemptCount, out var attempts);
            var response = outcome.Result ?? FailureResponse(request, outcome.Exception!, attempts, cancellationToken);
            if (outcome.Result is not null && attempts > 1 && policy.Conditions.ShouldRetry(response, null))
            {
                response.Headers.TryAddWithoutValidation(ResponseFlags.Header, ResponseFlags.RetryLimitExceeded);
            }

            route.Headers?.ApplyToResponse(response);
            destination.Headers?.ApplyToResponse(response);
            return response;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);

            // The caller sees its request as it sent it, not the endpoint it reached.
            request.RequestUri = uri;
        }
    }

    private async ValueTask<Outcome<HttpResponseMessage>> AttemptAsync(ResilienceContext context, HttpRequestMessage request, SubsetTarget target, string pathAndQuery)
    {
        context.Properties.TryGetValue(LastEndpoint, out var previous);
        context.Properties.TryGetValue(AttemptCount, out var attempts);
        var endpoint = target.Balancer!.Pick(new PickContext(request, previous, null));
        context.Properties.Set(LastEndpoint, endpoint);
        context.Properties.Set(AttemptCount, attempts + 1);

        request.RequestUri = new Uri(endpoint.UriPrefix + pathAndQuery);
        endpoint.Enter();
        try
        {
            var response = await runtime.Transport.Invoker.SendAsync(request, context.CancellationToken).ConfigureAwait(false);
            return Outcome.FromResult(response);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && context.CancellationToken.IsCancellationRequested))
        {
            return Outcome.FromException<HttpResponseMessage>(ex);
        }
        finally
        {
            endpoint.Exit();
        }
    }

    private static HttpResponseMessage FailureResponse(HttpRequestMessage request, Exception exception, int attempts, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            // The caller gave up: that is theirs to see, not a mesh decision.
            throw new TaskCanceledException("The request was canceled by the caller.", exception, cancellationToken);
        }

        if (exception is TimeoutRejectedException)
        {
            return MeshResponse(request, HttpStatusCode.GatewayTimeout, ResponseFlags.UpstreamTimeout);
        }

        var flag = attempts > 1
            ? ResponseFlags.RetryLimitExceeded
            : exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError }
                ? ResponseFlags.UpstreamConnectionFailure
                : ResponseFlags.UpstreamConnectionTermination;
        return MeshResponse(request, HttpStatusCode.ServiceUnavailable, flag);
    }

    private static HttpResponseMessage MeshResponse(HttpRequestMessage request, HttpStatusCode status, string flag)
    {
        var response = new HttpResponseMessage(status) { RequestMessage = request, Content = new StringContent("") };
        response.Headers.TryAddWithoutValidation(ResponseFlags.Header, flag);
        return response;
    }

    /// <summary>A body can be sent again only when it is held in memory.</summary>
    private static bool IsReplayable(HttpContent? content) =>
        content is null or ByteArrayContent or ReadOnlyMemoryContent;

    private readonly record struct AttemptState(MeshHandler Handler, HttpRequestMessage Request, SubsetTarget Target, string PathAndQuery);
}

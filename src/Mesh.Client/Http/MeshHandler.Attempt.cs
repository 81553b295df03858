using System.Net;
using System.Runtime.CompilerServices;
using Mesh.Client.Balancing;
using Mesh.Client.Resilience;
using Mesh.Client.Routing;
using Mesh.Client.Telemetry;
using Polly;

namespace Mesh.Client.Http;

/// <summary>
/// Steps 5 and 6 of the mesh path: one attempt. The first attempt of a request is made outside Polly
/// (<see cref="MeshHandler.SendState"/>); retries run under the route's Polly pipeline through
/// <see cref="AttemptAsync"/>. Both are made of the same three parts: <see cref="BeginAttempt"/> (synchronous:
/// admission, endpoint pick), the send, and <see cref="EndAttempt"/> / <see cref="FailAttempt"/>.
/// </summary>
internal sealed partial class MeshHandler
{
    /// <summary>An attempt run by the route's Polly pipeline: every attempt after the first.</summary>
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
            if (BeginAttempt(context, request, target) is not { } endpoint)
            {
                return Outcome.FromResult(RefusedAttempt(request, target));
            }

            try
            {
                var response = await target.PoolOf(endpoint).SendAsync(request, context.CancellationToken).ConfigureAwait(false);
                return EndAttempt(target, endpoint, response, call);
            }
            catch (Exception ex) when (IsAttemptFailure(ex, context.CancellationToken))
            {
                return FailAttempt(target, endpoint, ex, call);
            }
            finally
            {
                ExitAttempt(target, endpoint);
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
    /// Counts the attempt, admits it under the destination's connection-pool limits and picks its endpoint
    /// (entered: <see cref="ExitAttempt"/> must follow). Null when the attempt is refused at once: see
    /// <see cref="RefusedAttempt"/>.
    /// </summary>
    private static EndpointState? BeginAttempt(ResilienceContext context, HttpRequestMessage request, SubsetTarget target)
    {
        context.Properties.TryGetValue(AttemptKeys.LastEndpoint, out var previous);
        AttemptKeys.SetCount(context, AttemptKeys.Count(context) + 1);
        if (target.Balancer is not { } balancer || !target.State.TryEnter(target.Limits.MaxActiveRequests))
        {
            return null;
        }

        var endpoint = Pick(context, balancer, request, previous);
        context.Properties.Set(AttemptKeys.LastEndpoint, endpoint);
        endpoint.Enter();
        return endpoint;
    }

    /// <summary>
    /// <see cref="BeginAttempt"/> for a request's first attempt, which runs outside Polly (no context: nothing to
    /// count in it or avoid yet).
    /// </summary>
    private static EndpointState? BeginFirstAttempt(HttpRequestMessage request, SubsetTarget target)
    {
        if (target.Balancer is not { } balancer || !target.State.TryEnter(target.Limits.MaxActiveRequests))
        {
            return null;
        }

        var endpoint = balancer.Pick(new PickContext(request, null, null));
        endpoint.Enter();
        return endpoint;
    }

    /// <summary>
    /// The mesh's own answer to an attempt that <see cref="BeginAttempt"/> refused: no healthy endpoint left, or
    /// over the destination's connection-pool limit (refused at once rather than queued).
    /// </summary>
    private static HttpResponseMessage RefusedAttempt(HttpRequestMessage request, SubsetTarget target) =>
        target.Balancer is null
            ? MeshResponse(request, HttpStatusCode.ServiceUnavailable, ResponseFlags.NoHealthyUpstream, target.Name)
            : MeshResponse(request, HttpStatusCode.ServiceUnavailable, ResponseFlags.UpstreamOverflow, target.Name);

    /// <summary>The endpoint answered: outlier detection and telemetry hear of it.</summary>
    private static Outcome<HttpResponseMessage> EndAttempt(SubsetTarget target, EndpointState endpoint, HttpResponseMessage response, OutboundCall? call)
    {
        target.Record(endpoint, (int)response.StatusCode, connectionFailure: false);
        call?.AttemptEnded(endpoint, response, null);
        return Outcome.FromResult(response);
    }

    /// <summary>The failures an attempt turns into an outcome (for retry conditions); anything else is a bug and propagates.</summary>
    private static bool IsAttemptFailure(Exception ex, CancellationToken attempt) =>
        ex is HttpRequestException or IOException || (ex is OperationCanceledException && attempt.IsCancellationRequested);

    /// <summary>The attempt failed without a response (connection failure, reset, timeout or cancellation).</summary>
    private static Outcome<HttpResponseMessage> FailAttempt(SubsetTarget target, EndpointState endpoint, Exception ex, OutboundCall? call)
    {
        if (ex is HttpRequestException or IOException)
        {
            target.Record(endpoint, 0, connectionFailure: true);
        }

        call?.AttemptEnded(endpoint, null, ex);
        return Outcome.FromException<HttpResponseMessage>(ex);
    }

    /// <summary>Releases what <see cref="BeginAttempt"/> took: the endpoint's in-flight count and the destination's admission.</summary>
    private static void ExitAttempt(SubsetTarget target, EndpointState endpoint)
    {
        endpoint.Exit();
        target.State.Exit();
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
}

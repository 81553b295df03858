using System.Net;
using System.Runtime.CompilerServices;
using Mesh.Client.Balancing;
using Mesh.Client.Resilience;
using Mesh.Client.Routing;
using Mesh.Client.Telemetry;
using Polly;

namespace Mesh.Client.Http;

/// <summary>Step 5 and 6 of the mesh path: one attempt, run by the route's pipeline once per try.</summary>
internal sealed partial class MeshHandler
{
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
}

using System.Globalization;
using Mesh.Client.Balancing;
using Mesh.Client.Resilience;
using Mesh.Client.Routing;
using Mesh.Client.Telemetry;

namespace Mesh.Client.Http;

/// <summary>
/// The paths off the common one: fault injection and mirroring, which wait for things (a delay, a body to
/// buffer) before the request leaves. Kept apart so that the common path's async state stays small.
/// </summary>
internal sealed partial class MeshHandler
{
    /// <summary>
    /// Step 3: injected delay and abort, before the request leaves and never retried (as Envoy's fault filter
    /// before its router).
    /// </summary>
    private async Task<HttpResponseMessage> SendWithFaultsAsync(MeshExchange exchange, RequestMatcher? matched, FaultPolicy fault, CancellationToken cancellationToken)
    {
        var target = exchange.Destination.Target;
        try
        {
            if (fault.Delay is { } delay && Chance(fault.DelayPercent))
            {
                MeshEvents.Record(MeshEvents.DelayInjected, target.Name);
                await Task.Delay(delay, runtime.Time, cancellationToken).ConfigureAwait(false);
                exchange = exchange with { Delayed = true };
            }

            if (fault.AbortStatus is { } status && Chance(fault.AbortPercent))
            {
                MeshEvents.Record(MeshEvents.AbortInjected, target.Name);
                var aborted = MeshResponse(exchange.Request, status, ResponseFlags.FaultInjected, null);
                if (fault.GrpcStatus is { } grpc)
                {
                    aborted.Headers.TryAddWithoutValidation("grpc-status", grpc.ToString(CultureInfo.InvariantCulture));
                }

                return Complete(exchange.Call, aborted);
            }

            return await Dispatch(exchange, matched, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            exchange.Call?.Complete(null, ex); // a no-op when the send already completed it
            throw;
        }
    }

    /// <summary>The send, once a mirror has buffered the request body it needs.</summary>
    private async Task<HttpResponseMessage> SendAfterMirrorAsync(Task mirrored, MeshExchange exchange, Uri sendUri, CancellationToken cancellationToken)
    {
        try
        {
            await mirrored.ConfigureAwait(false);
            return await Send(exchange, sendUri, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            exchange.Call?.Complete(null, ex); // a no-op when the send already completed it
            throw;
        }
    }

    /// <summary>
    /// Step 7: sends copies to the mirror destinations, fire-and-forget: the caller never waits for them, and
    /// their answers and failures are discarded. A streamed body is buffered first, up to a limit; beyond it the
    /// copy is skipped rather than holding the caller.
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
}

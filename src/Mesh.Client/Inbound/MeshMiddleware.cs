using Mesh.Client.Inbound.Security;
using Mesh.Client.Security.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Mesh.Client.Inbound;

/// <summary>
/// The inbound side: gives each request a <see cref="MeshRequestContext"/> and an <c>x-request-id</c> (kept from
/// the caller, as Envoy does, or created), and echoes the id on the response. The caller's principal comes from the
/// client certificate verified by the inbound mTLS handshake (<see cref="InboundTlsMiddleware"/>), once per
/// connection; a plaintext caller has none. Then it applies AuthorizationPolicy (<see cref="InboundAuthorizer"/>).
/// </summary>
internal sealed class MeshMiddleware
{
    private const string RequestIdHeader = "x-request-id";
    private readonly RequestDelegate _next;
    private readonly MeshRuntime _runtime;
    private readonly InboundAuthorizer _authorizer;

    // Made once: what the observed path runs inside its server span (authorization, then the app).
    private readonly RequestDelegate _authorizeThenNext;

    public MeshMiddleware(RequestDelegate next, MeshRuntime runtime, InboundAuthorizer authorizer)
    {
        _next = next;
        _runtime = runtime;
        _authorizer = authorizer;
        _authorizeThenNext = AuthorizeThenNextAsync;
    }

    public Task InvokeAsync(HttpContext context)
    {
        var requestId = context.Request.Headers[RequestIdHeader].ToString();
        if (string.IsNullOrEmpty(requestId))
        {
            requestId = Guid.NewGuid().ToString();
            context.Request.Headers[RequestIdHeader] = requestId;
        }

        var meshContext = new MeshRequestContext
        {
            Service = _runtime.Options.ServiceName!,
            Namespace = _runtime.Options.Namespace,
            RequestId = requestId,
            PeerPrincipal = (context.Features.Get<ITlsConnectionFeature>() as MeshTlsFeature)?.PeerPrincipal,

            // Read on every request, observed or not: a mesh caller says who it is only on a connection's first.
            PeerMetadata = ConnectionPeer.Of(context),
        };
        context.Features.Set(meshContext);
        context.Response.Headers[RequestIdHeader] = requestId;

        // Authorization reads meshContext.PeerPrincipal: it must stay after whatever sets it. A denial is still
        // observed (server span, metrics, access log) when telemetry is on.
        if (_runtime.Telemetry.Inbound.Enabled)
        {
            return _runtime.Telemetry.Inbound.InvokeAsync(context, meshContext, _authorizeThenNext);
        }

        return _authorizer.IsAllowed(context, meshContext) ? _next(context) : InboundAuthorizer.WriteDeniedAsync(context);
    }

    private Task AuthorizeThenNextAsync(HttpContext context) =>
        _authorizer.IsAllowed(context, context.Features.GetRequiredFeature<MeshRequestContext>())
            ? _next(context)
            : InboundAuthorizer.WriteDeniedAsync(context);
}

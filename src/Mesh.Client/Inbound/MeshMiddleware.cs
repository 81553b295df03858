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
internal sealed class MeshMiddleware(RequestDelegate next, MeshRuntime runtime, InboundAuthorizer authorizer)
{
    private const string RequestIdHeader = "x-request-id";

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
            Service = runtime.Options.ServiceName!,
            Namespace = runtime.Options.Namespace,
            RequestId = requestId,
            PeerPrincipal = (context.Features.Get<ITlsConnectionFeature>() as MeshTlsFeature)?.PeerPrincipal,
        };
        context.Features.Set(meshContext);
        context.Response.Headers[RequestIdHeader] = requestId;

        // Authorization reads meshContext.PeerPrincipal: it must stay after whatever sets it.
        if (!authorizer.IsAllowed(context, meshContext))
        {
            return InboundAuthorizer.WriteDeniedAsync(context);
        }

        return next(context);
    }
}

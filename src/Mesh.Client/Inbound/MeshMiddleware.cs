using Mesh.Client.Security.Authorization;
using Microsoft.AspNetCore.Http;

namespace Mesh.Client.Inbound;

/// <summary>
/// The inbound side: gives each request a <see cref="MeshRequestContext"/> and an <c>x-request-id</c> (kept from
/// the caller, as Envoy does, or created), and echoes the id on the response; then applies AuthorizationPolicy
/// (<see cref="InboundAuthorizer"/>), once the peer's identity is known.
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

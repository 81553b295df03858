using Microsoft.AspNetCore.Http;

namespace Mesh.Client.Inbound;

/// <summary>
/// The inbound side: gives each request a <see cref="MeshRequestContext"/> and an <c>x-request-id</c> (kept from
/// the caller, as Envoy does, or created), and echoes the id on the response.
/// </summary>
internal sealed class MeshMiddleware(RequestDelegate next, MeshRuntime runtime)
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

        var mesh = new MeshRequestContext
        {
            Service = runtime.Options.ServiceName!,
            Namespace = runtime.Options.Namespace,
            RequestId = requestId,
        };
        context.Features.Set(mesh);
        context.Response.Headers[RequestIdHeader] = requestId;
        return runtime.Telemetry.Inbound.Enabled ? runtime.Telemetry.Inbound.InvokeAsync(context, mesh, next) : next(context);
    }
}

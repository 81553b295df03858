using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mesh.Client.Inbound.Security;

/// <summary>
/// Puts <see cref="InboundTlsMiddleware"/> on every Kestrel endpoint (those from URLs and configuration too,
/// through Kestrel's endpoint defaults), so that a meshed service serves mTLS with no code of its own.
/// </summary>
/// <remarks>
/// Kestrel keeps one endpoint-defaults callback: an application that calls <c>ConfigureEndpointDefaults</c> itself
/// replaces this one. Endpoints the application secures itself with <c>UseHttps</c> are not for the mesh.
/// </remarks>
internal sealed class MeshKestrelSetup(MeshRuntime runtime, ILoggerFactory loggers) : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions options)
    {
        var logger = loggers.CreateLogger("Mesh.Inbound.Tls");
        options.ConfigureEndpointDefaults(listen => listen.Use(next => new InboundTlsMiddleware(next, runtime, listen, logger).OnConnectionAsync));
    }
}

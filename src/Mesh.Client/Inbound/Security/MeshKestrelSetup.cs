using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mesh.Client.Inbound.Security;

/// <summary>
/// Puts <see cref="InboundTlsMiddleware"/> on every Kestrel endpoint — from URLs and configuration, and those the
/// application declares in code with <c>Listen</c> — so that a meshed service serves mTLS with no code of its own,
/// whatever else the application sets up in Kestrel.
/// </summary>
/// <remarks>
/// It runs after every other configuration of Kestrel's options (a post-configure step), so the order in which the
/// application calls <c>ConfigureKestrel</c> and <c>AddMesh</c> does not matter: an endpoint-defaults callback of the
/// application's own still runs, before the mesh's; endpoints declared in code before the mesh's defaults existed
/// are secured here. Endpoints the application secures itself with <c>UseHttps</c> stay the application's: the mesh
/// neither answers their handshakes nor applies PeerAuthentication to them. Kestrel does not expose the members
/// this needs (see <see cref="KestrelInternals"/>); without them the mesh only sets the endpoint defaults, as an
/// application's own call would, and logs a warning.
/// </remarks>
internal sealed partial class MeshKestrelSetup(MeshRuntime runtime, ILoggerFactory loggers) : IPostConfigureOptions<KestrelServerOptions>
{
    // An endpoint can reach Secure twice (declared in code and later handed the defaults again); it gets one middleware.
    private readonly ConditionalWeakTable<ListenOptions, object> _secured = [];

    public void PostConfigure(string? name, KestrelServerOptions options)
    {
        var logger = loggers.CreateLogger("Mesh.Inbound.Tls");
        if (!KestrelInternals.Available)
        {
            LogCannotCompose(logger);
            options.ConfigureEndpointDefaults(listen => Secure(listen, logger));
            return;
        }

        var applications = KestrelInternals.EndpointDefaults(options);
        options.ConfigureEndpointDefaults(listen =>
        {
            applications?.Invoke(listen);
            Secure(listen, logger);
        });

        foreach (var listen in KestrelInternals.CodeBackedEndpoints(options))
        {
            Secure(listen, logger);
        }
    }

    private void Secure(ListenOptions listen, ILogger logger)
    {
        if (!_secured.TryAdd(listen, listen))
        {
            return;
        }

        // The middleware is built when Kestrel binds the endpoint, after the application's own configuration of
        // it (UseHttps included) has run: only then is it known whether the endpoint is the application's TLS.
        listen.Use(next =>
        {
            if (KestrelInternals.ServesOwnTls(listen))
            {
                LogApplicationTls(logger, listen.EndPoint);
                return next;
            }

            return new InboundTlsMiddleware(next, runtime, listen, logger).OnConnectionAsync;
        });
    }

    [LoggerMessage(EventId = 63, Level = LogLevel.Information, Message = "Endpoint {Endpoint} serves the application's own TLS (UseHttps); mesh mTLS and PeerAuthentication do not apply to it")]
    private static partial void LogApplicationTls(ILogger logger, System.Net.EndPoint endpoint);

    [LoggerMessage(EventId = 64, Level = LogLevel.Warning, Message = "This version of Kestrel does not expose what the mesh needs to compose with the application's Kestrel setup: mesh mTLS is set through the endpoint defaults only, so an application's own ConfigureEndpointDefaults, or an endpoint it declares with Listen before AddMesh, goes without it")]
    private static partial void LogCannotCompose(ILogger logger);
}

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
/// application's own still runs, after the mesh's TLS is put on the endpoint; endpoints declared in code before the
/// mesh's defaults existed are secured here. Endpoints the application secures itself with <c>UseHttps</c> stay the application's: the mesh
/// neither answers their handshakes nor applies PeerAuthentication to them. Kestrel does not expose the members
/// this needs (see <see cref="KestrelInternals"/>); without one of them the mesh does without that part and says so
/// in the log.
/// </remarks>
internal sealed partial class MeshKestrelSetup(MeshRuntime runtime, ILoggerFactory loggers) : IPostConfigureOptions<KestrelServerOptions>
{
    // An endpoint can reach Secure twice (declared in code and later handed the defaults again); it gets one middleware.
    private readonly ConditionalWeakTable<ListenOptions, object> _secured = [];

    public void PostConfigure(string? name, KestrelServerOptions options)
    {
        var logger = loggers.CreateLogger("Mesh.Inbound.Tls");
        if (!KestrelInternals.CanSeeOwnTls)
        {
            // Security first: without it every endpoint is meshed, an application's own HTTPS endpoint included.
            LogCannotSeeOwnTls(logger);
        }

        // The mesh's middleware first, so that the application's own connection middleware sees the connection as
        // the application serves it (decrypted, with the TLS features), as on an endpoint the application secures.
        var applications = KestrelInternals.EndpointDefaults(options);
        if (!KestrelInternals.CanReadEndpointDefaults)
        {
            LogCannotComposeDefaults(logger);
        }

        options.ConfigureEndpointDefaults(new MeshEndpointDefaults(this, logger, applications).Apply);

        if (!KestrelInternals.CanListCodeBackedEndpoints)
        {
            LogCannotListEndpoints(logger);
            return;
        }

        // Declared in code before now: Kestrel applied the defaults of that moment, which were not yet the mesh's.
        // Kestrel has no public way to put a middleware first, so the mesh's comes after any the application added.
        foreach (var listen in KestrelInternals.CodeBackedEndpoints(options))
        {
            Secure(listen, logger);
        }
    }

    /// <summary>
    /// Whether <paramref name="options"/> still hand new endpoints the mesh's defaults (something configured after
    /// the mesh may have replaced them); true when that cannot be read.
    /// </summary>
    public static bool KeepsMeshDefaults(KestrelServerOptions options) =>
        !KestrelInternals.CanReadEndpointDefaults || KestrelInternals.EndpointDefaults(options)?.Target is MeshEndpointDefaults;

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

    /// <summary>The endpoint-defaults callback the mesh installs: its own TLS first, then the application's defaults.</summary>
    private sealed class MeshEndpointDefaults(MeshKestrelSetup setup, ILogger logger, Action<ListenOptions>? applications)
    {
        public void Apply(ListenOptions listen)
        {
            setup.Secure(listen, logger);
            applications?.Invoke(listen);
        }
    }

    [LoggerMessage(EventId = 63, Level = LogLevel.Information, Message = "Endpoint {Endpoint} serves the application's own TLS (UseHttps); mesh mTLS and PeerAuthentication do not apply to it")]
    private static partial void LogApplicationTls(ILogger logger, System.Net.EndPoint endpoint);

    [LoggerMessage(EventId = 64, Level = LogLevel.Warning, Message = "This version of Kestrel does not let the mesh read the application's endpoint defaults: an application's own ConfigureEndpointDefaults is replaced by the mesh's")]
    private static partial void LogCannotComposeDefaults(ILogger logger);

    [LoggerMessage(EventId = 65, Level = LogLevel.Warning, Message = "This version of Kestrel does not let the mesh list the endpoints declared in code: an endpoint the application declares with Listen serves no mesh mTLS")]
    private static partial void LogCannotListEndpoints(ILogger logger);

    [LoggerMessage(EventId = 66, Level = LogLevel.Error, Message = "This version of Kestrel does not let the mesh see which endpoints serve the application's own TLS: the mesh takes TLS connections on every endpoint, so an endpoint the application secures with UseHttps will not serve its own certificate")]
    private static partial void LogCannotSeeOwnTls(ILogger logger);
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mesh.Client.Inbound.Security;

/// <summary>
/// Checks, as the web host starts (before Kestrel binds), that Kestrel's endpoint defaults are still the mesh's. A
/// post-configure step of the application's registered after <c>AddMesh</c> can replace them, and endpoints from
/// URLs and configuration would then serve no mesh mTLS without a word: this says so in the log.
/// </summary>
internal sealed partial class MeshKestrelCheck(IServiceProvider services, ILoggerFactory loggers) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next)
    {
        // Only where Kestrel is the server (its server type is internal; its namespace is not).
        if (services.GetService<Microsoft.AspNetCore.Hosting.Server.IServer>()?.GetType().Namespace?.StartsWith("Microsoft.AspNetCore.Server.Kestrel", StringComparison.Ordinal) == true
            && !MeshKestrelSetup.KeepsMeshDefaults(services.GetRequiredService<IOptions<KestrelServerOptions>>().Value))
        {
            LogDefaultsReplaced(loggers.CreateLogger("Mesh.Inbound.Tls"));
        }

        return next;
    }

    [LoggerMessage(EventId = 67, Level = LogLevel.Warning, Message = "Kestrel's endpoint defaults were replaced after the mesh set them (a PostConfigure<KestrelServerOptions> registered after AddMesh that calls ConfigureEndpointDefaults): endpoints from URLs and configuration serve no mesh mTLS. Configure Kestrel with ConfigureKestrel instead; the mesh composes with that")]
    private static partial void LogDefaultsReplaced(ILogger logger);
}

using Mesh.Server.Auth;
using Mesh.Server.Identity;
using Mesh.Server.Dashboard;
using Mesh.Server.Registry;
using Mesh.Server.Resources;
using Mesh.Server.Status;
using Mesh.Server.Storage;
using Mesh.Server.Topology;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Mesh.Server.Hosting;

/// <summary>
/// A running control server. <c>Program</c> starts one from the command line; tests and the BookInfo sample start
/// one in-process with <see cref="StartAsync"/>.
/// </summary>
public sealed partial class MeshServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MeshServer(WebApplication app, Uri address, string dataDirectory, string adminToken, string joinToken)
    {
        AdminToken = adminToken;
        JoinToken = joinToken;
        _app = app;
        Address = address;
        DataDirectory = dataDirectory;
    }

    /// <summary>The address the server listens on (the real port when 0 was asked for).</summary>
    public Uri Address { get; }

    /// <summary>The data directory in use.</summary>
    public string DataDirectory { get; }

    /// <summary>The admin token (from configuration, or the data directory's admin.token).</summary>
    public string AdminToken { get; }

    /// <summary>The join token (from configuration, or the data directory's join.token).</summary>
    public string JoinToken { get; }

    /// <summary>The trust domain the CA issues identities in.</summary>
    public string TrustDomain => _app.Services.GetRequiredService<CertificateAuthority>().TrustDomain;

    /// <summary>
    /// Completes when the server has stopped (Ctrl+C, SIGTERM, <see cref="StopAsync"/>, or a background service that
    /// failed: see <see cref="Failure"/>, which is logged here).
    /// </summary>
    public async Task WaitForShutdownAsync()
    {
        await _app.WaitForShutdownAsync().ConfigureAwait(false);
        if (Failure is { } failure)
        {
            var logger = _app.Services.GetRequiredService<ILogger<MeshServer>>();
            LogBackgroundServiceFailed(logger, failure.Service, failure.Error);
        }
    }

    /// <summary>
    /// The background service (the lease reaper) whose failure stopped the server, and its error; null while it runs
    /// and after an ordinary stop. The host stops on such a failure but would report success: a process that hosts
    /// the server should exit with an error code when this is set, so that a supervisor restarts it.
    /// </summary>
    public (string Service, Exception Error)? Failure
    {
        get
        {
            foreach (var service in _app.Services.GetServices<IHostedService>())
            {
                if (service is BackgroundService { ExecuteTask: { IsFaulted: true } task })
                {
                    return (service.GetType().Name, task.Exception!.InnerExceptions.Count == 1 ? task.Exception.InnerException! : task.Exception);
                }
            }

            return null;
        }
    }

    /// <summary>Builds, initializes and starts a server.</summary>
    public static async Task<MeshServer> StartAsync(MeshServerOptions options, CancellationToken cancellationToken = default)
    {
        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        var tightened = DataDirectoryAccess.Prepare(dataDirectory, options.CaKeyFile);
        var store = new FileResourceStore(dataDirectory, options.TimeProvider, options.WatchHistory, options.WatchHistoryBytes);
        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var tokens = TokenStore.Load(dataDirectory, options.AdminToken, options.JoinToken, out var createdTokens);
        var ca = CertificateAuthorityLoader.Load(options, dataDirectory, out var createdRoot);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(options.Listen);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
        });
        builder.Logging.ClearProviders();
        if (options.LogFormat == "json")
        {
            builder.Logging.AddJsonConsole(o => o.TimestampFormat = "O");
        }
        else if (options.LogFormat != "none")
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            });
        }

        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(options.TimeProvider);
        builder.Services.AddSingleton<IResourceStore>(store);
        builder.Services.AddSingleton(tokens);
        builder.Services.AddSingleton<FailedAuthLimiter>();
        builder.Services.AddSingleton(ca);
        builder.Services.AddSingleton<ResourceService>();
        builder.Services.AddSingleton<InstanceRegistry>();
        builder.Services.AddSingleton(new ServerClock(options));
        builder.Services.AddHostedService<LeaseReaper>();
        builder.Services.AddSingleton(new TopologyAggregator(options.TimeProvider, new TopologyWindowOptions()));
        builder.Services.AddSingleton<TopologyGraph>();
        builder.Services.AddSingleton<ServiceDetails>();
        builder.Services.AddSingleton<Metrics.ServerMetrics>();

        var app = builder.Build();
        app.UseMiddleware<Http.StoreWriteFailureMiddleware>();
        app.MapStatusEndpoints();
        app.MapResourceEndpoints();
        app.MapWatchEndpoints();
        app.MapRegistryEndpoints();
        app.MapIdentityEndpoints();
        app.MapTokenEndpoints();
        app.MapTopologyEndpoints();
        app.MapDashboard();
        Metrics.MetricsEndpoints.MapMetricsEndpoints(app);

        app.Services.GetRequiredService<InstanceRegistry>().AdoptStoredInstances();
        app.Lifetime.ApplicationStopping.Register(store.WakeWatchers);

        var logger = app.Services.GetRequiredService<ILogger<MeshServer>>();
        foreach (var mode in tightened)
        {
            if (mode.Failure is { } failure)
            {
                LogModeLeftOpen(logger, mode.Path, DataDirectoryAccess.Octal(mode.Old), failure);
            }
            else
            {
                LogModeTightened(logger, mode.Path, DataDirectoryAccess.Octal(mode.Old), DataDirectoryAccess.Octal(mode.New));
            }
        }

        foreach (var (file, token) in createdTokens)
        {
            // The secret goes to the console once, never through the logger: logs are shipped and kept.
            LogTokenCreated(logger, file);
            if (options.LogFormat != "none")
            {
                Console.Out.WriteLine($"Created {file} (shown once; keep it secret): {token}");
                Console.Out.Flush();
            }
        }

        if (createdRoot is not null)
        {
            LogRootCreated(logger, createdRoot, ca.TrustDomain, ca.Signer.NotAfter.ToUniversalTime());
        }

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        LogStarted(logger, address, dataDirectory, store.Revision);
        return new MeshServer(app, address, dataDirectory, tokens.Admin, tokens.Join);
    }

    /// <summary>Stops gracefully: in-flight requests finish, watches return.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Mesh control server listening on {Address} (data {DataDirectory}, revision {Revision})")]
    private static partial void LogStarted(ILogger logger, Uri address, string dataDirectory, long revision);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Created the mesh root CA {File} for trust domain {TrustDomain}, valid until {NotAfter:yyyy-MM-dd}; back it up with its key")]
    private static partial void LogRootCreated(ILogger logger, string file, string trustDomain, DateTime notAfter);

    [LoggerMessage(EventId = 5, Level = LogLevel.Critical, Message = "{Service} failed and stopped the control server; exiting with code 1 so that a supervisor restarts it")]
    private static partial void LogBackgroundServiceFailed(ILogger logger, string service, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Created {File} with a new token (printed once on the console, never logged); keep the file owner-only")]
    private static partial void LogTokenCreated(ILogger logger, string file);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "{Path} has mode {Mode}, readable by other users on this host, and the server could not change it ({Reason}); it is the CA's private key: give it mode 0400 or 0440 where it is mounted")]
    private static partial void LogModeLeftOpen(ILogger logger, string path, string mode, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "{Path} had mode {OldMode}, open to other users on this host; changed it to {NewMode}. If anyone else could have read or changed it, replace its secrets (tokens, CA key)")]
    private static partial void LogModeTightened(ILogger logger, string path, string oldMode, string newMode);
}

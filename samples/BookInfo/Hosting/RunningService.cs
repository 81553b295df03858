using BookInfo.Details;
using BookInfo.Productpage;
using BookInfo.Ratings;
using BookInfo.Reviews;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace BookInfo.Hosting;

/// <summary>
/// One BookInfo service as its own ASP.NET Core application: its own Kestrel on its own port, and its own mesh
/// identity (<c>AddMesh</c> with its service name, version and service account). Several can share a process.
/// </summary>
internal sealed class RunningService : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RunningService(Workload workload, WebApplication app, Uri address)
    {
        Workload = workload;
        _app = app;
        Address = address;
    }

    public Workload Workload { get; }

    /// <summary>The address Kestrel listens on (the real port when 0 was asked for).</summary>
    public Uri Address { get; }

    public int Port => Address.Port;

    /// <summary>Where to point a browser or curl: <c>http://127.0.0.1:9080/productpage</c>.</summary>
    public string SampleUrl => Address.GetLeftPart(UriPartial.Authority) + Workload.SamplePath;

    /// <summary>Builds and starts the service; it registers with the control server once it listens.</summary>
    public static async Task<RunningService> StartAsync(Workload workload, int port, MeshConnection mesh, BookInfoArguments args, CancellationToken cancellationToken)
    {
        var url = $"http://127.0.0.1:{port}";
        var app = Build(workload, url, mesh, args);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            await app.DisposeAsync();
            throw ex switch
            {
                _ when AddressInUse.Is(ex) => new BookInfoStartException(
                    $"{workload.DisplayName} cannot listen on {url}: the port is in use. Is BookInfo already running? Stop it, or choose other ports with --base-port N (--port N for one service).",
                    ex),
                OptionsValidationException invalid => new BookInfoStartException($"{workload.DisplayName}: {string.Join("; ", invalid.Failures)}", ex),
                _ => ex,
            };
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new RunningService(workload, app, new Uri(addresses.First()));
    }

    /// <summary>Stops gracefully: requests in flight finish, and the instance deregisters.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static WebApplication Build(Workload workload, string url, MeshConnection mesh, BookInfoArguments args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(url);
        builder.WebHost.ConfigureKestrel(static kestrel => kestrel.AddServerHeader = false);
        builder.Services.AddSingleton<IHostLifetime, ProcessLifetime>();
        builder.Services.Configure<HostOptions>(static o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        ConsoleLogging.Configure(builder.Logging, workload);

        builder.Services.AddMesh(o =>
        {
            o.ServiceName = workload.Service;
            o.Version = workload.Version;
            o.ServiceAccount = workload.ServiceAccount;
            o.ControlPlane.Add(mesh.ControlPlane);
            o.JoinToken = mesh.JoinToken;
            o.OutboundTrafficPolicy = args.OutboundTrafficPolicy;
            o.AccessLog.Enabled = args.AccessLog; // the mesh's own access log, Envoy's fields (docs/observability.md)
        });

        switch (workload.Service)
        {
            case "productpage":
                ProductpageService.AddServices(builder.Services);
                break;
            case "details":
                DetailsService.AddServices(builder.Services, workload.Version);
                break;
            case "reviews":
                ReviewsService.AddServices(builder.Services, workload.Version);
                break;
        }

        var app = builder.Build();
        if (args.TraceLog)
        {
            TraceLog.Attach(app.Services.GetRequiredService<ILoggerFactory>());
        }

        app.UseMesh();
        app.MapMeshMetrics(); // Prometheus scrapes each service at /metrics, as it scrapes Istio's proxies

        switch (workload.Service)
        {
            case "productpage":
                ProductpageService.MapEndpoints(app);
                break;
            case "details":
                DetailsService.MapEndpoints(app, workload.Version);
                break;
            case "reviews":
                ReviewsService.MapEndpoints(app);
                break;
            case "ratings":
                RatingsService.MapEndpoints(app);
                break;
        }

        return app;
    }
}

using System.Collections.Concurrent;
using Mesh.Client;
using Mesh.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mesh.Client.Tests.Telemetry;

/// <summary>
/// A meshed Kestrel app on 127.0.0.1 for the telemetry tests: policy from a shared directory, <c>UseMesh()</c>,
/// <c>MapMeshMetrics()</c>, a meshed HttpClient, and a handler given by the test. Records the headers of every
/// request it receives.
/// </summary>
internal sealed class TelemetryApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TelemetryApp(WebApplication app, string service, string version)
    {
        _app = app;
        Service = service;
        Version = version;
        Port = new Uri(app.Urls.First()).Port;
        Http = app.Services.GetRequiredService<IHttpClientFactory>().CreateClient("mesh");
    }

    public string Service { get; }

    public string Version { get; }

    public int Port { get; }

    /// <summary>This app's meshed client.</summary>
    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Headers of each request received, in order.</summary>
    public ConcurrentQueue<IHeaderDictionary> Received { get; } = new();

    public static async Task<TelemetryApp> StartAsync(string service, string version, string policyDirectory, Func<HttpContext, TelemetryApp, Task>? handler = null, Action<MeshOptions>? configure = null, ILoggerProvider? logs = null, Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols? protocols = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        if (protocols is { } only)
        {
            // An endpoint of the application's own declaration, with one protocol (the mesh secures it too).
            builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, l => l.Protocols = only));
        }
        else
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
            builder.Logging.SetMinimumLevel(LogLevel.Information);
        }

        builder.Services.AddMesh(o =>
        {
            o.ServiceName = service;
            o.Version = version;
            o.Register = false;
            o.PolicyFiles.Add(policyDirectory);
            configure?.Invoke(o);
        });
        builder.Services.AddHttpClient("mesh", c => c.Timeout = TimeSpan.FromSeconds(30)).AddMesh();
        var app = builder.Build();
        TelemetryApp? self = null;
        app.UseMesh();
        app.MapMeshMetrics();
        app.MapFallback(async context =>
        {
            self!.Received.Enqueue(new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase)));
            if (handler is not null)
            {
                await handler(context, self);
            }
            else
            {
                await context.Response.WriteAsync(service + " " + version);
            }
        });
        await app.StartAsync();
        self = new TelemetryApp(app, service, version);
        return self;
    }

    public string WorkloadEntry() => $"""
        apiVersion: networking.istio.io/v1
        kind: WorkloadEntry
        metadata:
          name: {Service}-{Version}-{Port}
        spec:
          address: 127.0.0.1
          ports:
            http: {Port}
          labels:
            app: {Service}
            version: {Version}
        ---

        """;

    /// <summary>Waits until this app's data plane resolves every one of <paramref name="hosts"/> to an endpoint.</summary>
    public async Task WaitForAsync(params string[] hosts)
    {
        var runtime = Services.GetRequiredService<MeshRuntime>();
        await Eventually.TrueAsync(
            () => Task.FromResult(hosts.All(h => runtime.Snapshot.TryResolve(h, out var s) && s.Routes.All(r => r.Targets.All(t => t.Target.Endpoints.Length > 0)))),
            TimeSpan.FromSeconds(20),
            $"{Service} never resolved {string.Join(", ", hosts)}");
    }

    /// <summary>This app's <c>/metrics</c>, over the socket.</summary>
    public async Task<string> ScrapeAsync()
    {
        using var http = new HttpClient();
        return await http.GetStringAsync(new Uri($"http://127.0.0.1:{Port}/metrics"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>A test's shared policy directory with the given documents.</summary>
    public static async Task WritePolicyAsync(TempDirectory directory, string name, string yaml) =>
        await File.WriteAllTextAsync(Path.Combine(directory.Path, name), yaml);
}

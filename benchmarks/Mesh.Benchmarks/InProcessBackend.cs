using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mesh.Benchmarks;

/// <summary>
/// A Kestrel app on 127.0.0.1 (free port) answering every request with a two-byte body written from a static
/// array, so that the server's own work is as small and as constant as it can be. It is not a mesh member:
/// the same server serves the baseline and the meshed requests.
/// </summary>
internal sealed class InProcessBackend : IAsyncDisposable
{
    private static readonly byte[] Body = "ok"u8.ToArray();

    private readonly WebApplication _app;
    private readonly Counter _counter;

    private InProcessBackend(WebApplication app, int port, Counter counter)
    {
        _app = app;
        Port = port;
        _counter = counter;
    }

    public int Port { get; }

    /// <summary>Requests answered so far.</summary>
    public long Requests => Interlocked.Read(ref _counter.Value);

    public Uri Url => new($"http://127.0.0.1:{Port}/");

    public static async Task<InProcessBackend> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var counter = new Counter();
        app.Run(context =>
        {
            Interlocked.Increment(ref counter.Value);
            context.Response.ContentLength = Body.Length;
            return context.Response.Body.WriteAsync(Body).AsTask();
        });
        await app.StartAsync();
        var address = app.Urls.First();
        return new InProcessBackend(app, new Uri(address).Port, counter);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>The transport settings of Mesh's shared handler (MeshTransport), so that both sides use the same socket options.</summary>
    public static SocketsHttpHandler NewHandler() => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        EnableMultipleHttp2Connections = true,
    };

    private sealed class Counter
    {
        public long Value;
    }
}

using Mesh.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mesh.Testing;

/// <summary>A calling service with a meshed HttpClient (a generic host; it only calls, so it does not register).</summary>
public sealed class MeshedClient : IAsyncDisposable
{
    private readonly IHost _host;

    private MeshedClient(IHost host)
    {
        _host = host;
        Http = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("mesh");
    }

    /// <summary>The meshed client.</summary>
    public HttpClient Http { get; }

    /// <summary>The host's services.</summary>
    public IServiceProvider Services => _host.Services;

    public static async Task<MeshedClient> StartAsync(Action<MeshOptions> configure, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddMesh(o =>
        {
            o.ServiceName = "caller";
            configure(o);
        });
        builder.Services.AddHttpClient("mesh", c => c.Timeout = TimeSpan.FromSeconds(30)).AddMesh();
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new MeshedClient(host);
    }

    /// <summary>A caller that follows <paramref name="server"/>.</summary>
    public static Task<MeshedClient> StartAsync(RunningServer server, Action<MeshOptions>? configure = null, Action<IServiceCollection>? services = null) =>
        StartAsync(o =>
        {
            o.ControlPlane.Add(server.Address.ToString());
            o.JoinToken = server.Server.JoinToken;
            configure?.Invoke(o);
        }, services);

    /// <summary>The policy revision the client's data plane runs on.</summary>
    public long Revision => Services.GetRequiredService<MeshRuntime>().Snapshot.Revision;

    /// <summary>Waits until the client runs on policy at <paramref name="revision"/> or later.</summary>
    public async Task WaitForRevisionAsync(long revision, TimeSpan? timeout = null) =>
        await Eventually.ValueAsync(() => Task.FromResult(Revision), at => at >= revision, timeout ?? TimeSpan.FromSeconds(20), $"the client never reached revision {revision}");

    /// <summary>Waits until the client sees the control server's current revision.</summary>
    public async Task CatchUpAsync(RunningServer server) =>
        await WaitForRevisionAsync((await server.Admin.StatusAsync()).Revision);

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}

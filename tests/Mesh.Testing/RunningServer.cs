using Mesh.Policy.Api;
using Mesh.Server.Hosting;

namespace Mesh.Testing;

/// <summary>
/// A real control server on 127.0.0.1 with a free port and its own data directory, plus clients holding the
/// admin and the join token.
/// </summary>
public sealed class RunningServer : IAsyncDisposable
{
    private readonly TempDirectory? _ownedDirectory;
    private readonly List<HttpClient> _httpClients = [];

    private RunningServer(MeshServer server, TempDirectory? ownedDirectory)
    {
        Server = server;
        _ownedDirectory = ownedDirectory;
        Admin = NewClient(server.AdminToken);
        Join = NewClient(server.JoinToken);
        Anonymous = NewClient(null);
    }

    /// <summary>The server.</summary>
    public MeshServer Server { get; }

    /// <summary>Its address.</summary>
    public Uri Address => Server.Address;

    /// <summary>The data directory.</summary>
    public string DataDirectory => Server.DataDirectory;

    /// <summary>A client with the admin token.</summary>
    public ControlPlaneClient Admin { get; }

    /// <summary>A client with the join token.</summary>
    public ControlPlaneClient Join { get; }

    /// <summary>A client with no token.</summary>
    public ControlPlaneClient Anonymous { get; }

    /// <summary>Starts a server; in <paramref name="dataDirectory"/> when given (kept), else a temporary one (removed on dispose).</summary>
    public static async Task<RunningServer> StartAsync(string? dataDirectory = null, Action<MeshServerOptions>? configure = null)
    {
        var owned = dataDirectory is null ? new TempDirectory() : null;
        var options = new MeshServerOptions
        {
            Listen = "http://127.0.0.1:0",
            DataDirectory = dataDirectory ?? owned!.Path,
            LogFormat = "none",
        };
        configure?.Invoke(options);
        var server = await MeshServer.StartAsync(options);
        return new RunningServer(server, owned);
    }

    /// <summary>A new client of this server with the given token.</summary>
    public ControlPlaneClient NewClient(string? token)
    {
        var http = new HttpClient { BaseAddress = Server.Address, Timeout = TimeSpan.FromSeconds(90) };
        _httpClients.Add(http);
        return new ControlPlaneClient(http, token);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        foreach (var client in _httpClients)
        {
            client.Dispose();
        }

        _ownedDirectory?.Dispose();
    }
}

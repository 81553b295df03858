using Mesh.Policy.Api;

namespace Mesh.Cli.ControlPlane;

/// <summary>An HTTP client to the control server for the length of one command; disposing it closes the connection.</summary>
internal sealed class ServerConnection : IDisposable
{
    // Connection refused is immediate; these bound the slow cases (a black-holed address, a stuck server).
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    private readonly HttpClient _http;

    public ServerConnection(ConnectionSettings settings, MeshCtlContext context)
    {
        Settings = settings;
        var handler = context.CreateHttpHandler?.Invoke() ?? new SocketsHttpHandler { ConnectTimeout = ConnectTimeout };
        _http = new HttpClient(handler, disposeHandler: true) { BaseAddress = settings.Server, Timeout = RequestTimeout };
        Client = new ControlPlaneClient(_http, settings.Token);
    }

    public ConnectionSettings Settings { get; }

    public ControlPlaneClient Client { get; }

    public void Dispose() => _http.Dispose();
}

using Mesh.Policy.Api;
using Mesh.Policy.Resources;
using Mesh.Server.Hosting;

namespace BookInfo.Hosting;

/// <summary>
/// The control server run inside this process (Mesh.Server's own code), with BookInfo's version subsets applied
/// as Istio's destination-rule-all.yaml does, and no VirtualService: reviews then answers from all three versions.
/// </summary>
internal sealed class EmbeddedControlPlane : IAsyncDisposable
{
    private readonly MeshServer _server;
    private readonly HttpClient _http;

    private EmbeddedControlPlane(MeshServer server)
    {
        _server = server;
        _http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(30) };
        Admin = new ControlPlaneClient(_http, server.AdminToken);
    }

    /// <summary>The address it listens on, without a trailing slash.</summary>
    public string Address => _server.Address.GetLeftPart(UriPartial.Authority);

    public string DataDirectory => _server.DataDirectory;

    public string JoinToken => _server.JoinToken;

    /// <summary>A client with the admin token.</summary>
    public ControlPlaneClient Admin { get; }

    /// <summary>Starts the server and applies the subsets.</summary>
    public static async Task<EmbeddedControlPlane> StartAsync(BookInfoArguments args, CancellationToken cancellationToken)
    {
        var listen = args.ControlPlane.TrimEnd('/');
        MeshServer server;
        try
        {
            server = await MeshServer.StartAsync(
                new MeshServerOptions { Listen = listen, DataDirectory = args.DataDirectory, JoinToken = args.JoinToken },
                cancellationToken);
        }
        catch (IOException ex) when (AddressInUse.Is(ex))
        {
            throw new BookInfoStartException(
                $"the control server cannot listen on {listen}: the address is in use. Is BookInfo or Mesh.Server already running? Stop it, or choose another address with --control-plane http://127.0.0.1:PORT.",
                ex);
        }
        catch (InvalidDataException ex)
        {
            throw new BookInfoStartException($"the control server cannot use {Path.GetFullPath(args.DataDirectory)}: {ex.Message}", ex);
        }

        var controlPlane = new EmbeddedControlPlane(server);
        try
        {
            await controlPlane.Admin.ApplyAsync(ReadDestinationRuleAll(), cancellationToken: cancellationToken);
            return controlPlane;
        }
        catch
        {
            await controlPlane.DisposeAsync();
            throw;
        }
    }

    /// <summary>The names of BookInfo's VirtualServices in force (kept in the data directory from earlier runs).</summary>
    public async Task<IReadOnlyList<string>> VirtualServicesAsync(CancellationToken cancellationToken)
    {
        var (_, items) = await Admin.ListAsync(ResourceKinds.VirtualService, "default", cancellationToken);
        var names = new List<string>(items.Count);
        foreach (var item in items)
        {
            names.Add(item.Key.Name);
        }

        return names;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _http.Dispose();
    }

    /// <summary>The sample's copy of Istio's destination-rule-all.yaml, embedded so that the binary runs from anywhere.</summary>
    private static string ReadDestinationRuleAll()
    {
        using var stream = typeof(EmbeddedControlPlane).Assembly.GetManifestResourceStream("destination-rule-all.yaml")
            ?? throw new InvalidOperationException("destination-rule-all.yaml is not embedded in the BookInfo assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

using Mesh.Testing;

namespace Mesh.Client.Tests.Integration;

/// <summary>Three versions of "reviews" registered with a real control server, and the policies the tests apply.</summary>
internal sealed class Reviews : IAsyncDisposable
{
    private Reviews(RunningServer server, Backend[] backends)
    {
        Server = server;
        Backends = backends;
    }

    public RunningServer Server { get; }

    public Backend[] Backends { get; }

    public Backend V1 => Backends[0];

    public Backend V2 => Backends[1];

    public Backend V3 => Backends[2];

    public const string Subsets = """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: reviews
        spec:
          host: reviews
          subsets:
          - name: v1
            labels:
              version: v1
          - name: v2
            labels:
              version: v2
          - name: v3
            labels:
              version: v3
        """;

    public static string Route(params (string Subset, int Weight)[] split) => $"""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: reviews
        spec:
          hosts:
          - reviews
          http:
          - route:
        {string.Concat(split.Select(s => $"    - destination:\n        host: reviews\n        subset: {s.Subset}\n      weight: {s.Weight}\n"))}
        """;

    public static async Task<Reviews> StartAsync(Action<Mesh.Policy.Api.ControlPlaneClient>? _ = null)
    {
        var server = await RunningServer.StartAsync();
        var backends = new[]
        {
            await Backend.StartAsync("reviews", "v1", server),
            await Backend.StartAsync("reviews", "v2", server),
            await Backend.StartAsync("reviews", "v3", server),
        };

        // Registration happens once Kestrel listens; wait until all three are in the registry.
        await Eventually.ValueAsync(async () => (await server.Admin.StatusAsync()).Instances, instances => instances >= 3, TimeSpan.FromSeconds(20), "backends did not register");

        return new Reviews(server, backends);
    }

    /// <summary>Sends <paramref name="count"/> GETs and counts answers by version (failures as "error:STATUS").</summary>
    public static async Task<Dictionary<string, int>> SendAsync(HttpClient http, int count, string path = "/reviews/0", Action<HttpRequestMessage>? prepare = null)
    {
        var counts = new Dictionary<string, int>();
        for (var i = 0; i < count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("http://reviews:9080" + path));
            prepare?.Invoke(request);
            using var response = await http.SendAsync(request);
            var key = response.IsSuccessStatusCode
                ? (await response.Content.ReadAsStringAsync()).Split(' ')[1]
                : "error:" + (int)response.StatusCode;
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return counts;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var backend in Backends)
        {
            await backend.DisposeAsync();
        }

        await Server.DisposeAsync();
    }
}

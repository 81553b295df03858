using Microsoft.Extensions.DependencyInjection;
using System.Net;
using Mesh.Client.Http;
using Mesh.Testing;

namespace Mesh.Client.Tests.Integration.Resilience;

public class EgressAndBudgetTests
{
    [Fact]
    public async Task RegistryOnly_UnknownHostRefused_ServiceEntryAdmitsIt_WithItsVirtualService()
    {
        await using var server = await RunningServer.StartAsync();
        await using var external = await Backend.StartAsync("external", "v1");
        await using var client = await MeshedClient.StartAsync(server, o => o.OutboundTrafficPolicy = OutboundTrafficPolicy.RegistryOnly);
        await client.CatchUpAsync(server);

        using var refused = await client.Http.GetAsync(new Uri("http://api.example.com/get"));
        using var refusedByAddress = await client.Http.GetAsync(new Uri($"http://127.0.0.1:{external.Port}/get"));

        var applied = await server.Admin.ApplyAsync($"""
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata:
              name: api-example
            spec:
              hosts:
              - api.example.com
              location: MESH_EXTERNAL
              resolution: STATIC
              ports:
              - number: 80
                name: http
                protocol: HTTP
              endpoints:
              - address: 127.0.0.1
                ports:
                  http: {external.Port}
            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: api-example
            spec:
              hosts:
              - api.example.com
              http:
              - timeout: 0.5s
                route:
                - destination:
                    host: api.example.com
            """);
        await client.WaitForRevisionAsync(applied.Revision);
        using var admitted = await client.Http.GetAsync(new Uri("http://api.example.com/get"));
        external.Behavior.Delay = TimeSpan.FromSeconds(3);
        using var timedOut = await client.Http.GetAsync(new Uri("http://api.example.com/delay/3"));

        Assert.Equal(HttpStatusCode.BadGateway, refused.StatusCode);
        Assert.Equal(ResponseFlags.EgressBlocked, refused.Headers.GetValues(ResponseFlags.Header).Single());
        Assert.Equal(HttpStatusCode.BadGateway, refusedByAddress.StatusCode);
        Assert.Equal("external v1 /get", await admitted.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.GatewayTimeout, timedOut.StatusCode);

        // A host outside the mesh is not told who calls (Istio's IN_MESH metadata exchange).
        Assert.All(external.Behavior.PeerHeaders, h => Assert.Equal("", h));
    }

    [Fact]
    public async Task RegistryOnly_WildcardServiceEntry_AdmitsMatchingHostsOnly()
    {
        await using var server = await RunningServer.StartAsync();
        await using var external = await Backend.StartAsync("external", "v1");

        // Admitted hosts leave through the client's own handler, to "the internet": here a handler whose
        // connections all land on the local backend, since tests reach nothing but loopback.
        await using var client = await MeshedClient.StartAsync(
            server,
            o => o.OutboundTrafficPolicy = OutboundTrafficPolicy.RegistryOnly,
            s => s.AddHttpClient("mesh").ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                ConnectCallback = async (_, ct) =>
                {
                    var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, external.Port), ct);
                    return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
                },
            }));
        var applied = await server.Admin.ApplyAsync("""
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata:
              name: example-wildcard
            spec:
              hosts:
              - "*.example.com"
              location: MESH_EXTERNAL
              resolution: NONE
              ports:
              - number: 80
                name: http
                protocol: HTTP
            """);
        await client.WaitForRevisionAsync(applied.Revision);

        using var admitted = await client.Http.GetAsync(new Uri("http://api.example.com/get"));
        using var refused = await client.Http.GetAsync(new Uri("http://api.example.org/get"));

        Assert.Equal("external v1 /get", await admitted.Content.ReadAsStringAsync());
        Assert.Equal("api.example.com", external.Behavior.Hosts.Single());
        Assert.Equal(HttpStatusCode.BadGateway, refused.StatusCode);
        Assert.Equal(ResponseFlags.EgressBlocked, refused.Headers.GetValues(ResponseFlags.Header).Single());
    }

    [Fact]
    public async Task AllowAny_UnknownHostPassesThrough()
    {
        await using var server = await RunningServer.StartAsync();
        await using var external = await Backend.StartAsync("external", "v1");
        await using var client = await MeshedClient.StartAsync(server);
        await client.CatchUpAsync(server);

        using var response = await client.Http.GetAsync(new Uri($"http://127.0.0.1:{external.Port}/get"));

        Assert.Equal("external v1 /get", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RetryBudget_DuringFullOutage_HoldsRetriesDown()
    {
        await using var reviews = await Reviews.StartAsync();
        foreach (var backend in reviews.Backends)
        {
            backend.Behavior.FailureRate = 1;
            backend.Behavior.Delay = TimeSpan.FromMilliseconds(50);
        }

        await using var client = await MeshedClient.StartAsync(reviews.Server);
        const string Route = """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: reviews
            spec:
              hosts:
              - reviews
              http:
              - route:
                - destination:
                    host: reviews
                retries:
                  attempts: 4
                  retryOn: 5xx
            """;
        await client.WaitForRevisionAsync((await reviews.Server.Admin.ApplyAsync(Route)).Revision);
        var withoutBudget = await OutageAsync(client.Http, reviews);

        await client.WaitForRevisionAsync((await reviews.Server.Admin.ApplyAsync("""
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata:
              name: reviews
            spec:
              host: reviews
              trafficPolicy:
                retryBudget:
                  percent:
                    value: 20
                  minRetryConcurrency: 2
            """)).Revision);
        var withBudget = await OutageAsync(client.Http, reviews);

        // 30 concurrent callers, each allowed 4 retries: 150 attempts without a budget; the budget lets at most
        // a couple of retries be in flight at once.
        Assert.Equal(150, withoutBudget);
        Assert.True(withBudget < 90, $"{withBudget} attempts reached the backends with a budget");
        Assert.True(withBudget > 30, "some retries were still allowed");
    }

    private static async Task<int> OutageAsync(HttpClient http, Reviews reviews)
    {
        var before = reviews.Backends.Sum(b => b.Behavior.Requests);
        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(async _ =>
        {
            using var response = await http.GetAsync(new Uri("http://reviews:9080/"));
            return response.StatusCode;
        }));
        Assert.All(responses, s => Assert.Equal(HttpStatusCode.ServiceUnavailable, s));
        return reviews.Backends.Sum(b => b.Behavior.Requests) - before;
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using Mesh.Policy.Api;
using Mesh.Testing;

namespace Mesh.Server.Tests;

/// <summary>Failed token attempts are limited per client address, over real sockets from two loopback addresses.</summary>
public class AuthThrottleTests
{
    [Fact]
    public async Task WrongTokensBeyondTheBurst_Get429UncheckedWhileAnotherAddressWorks_AndTheAddressRecoversAsTimePasses()
    {
        var clock = new FakeTimeProvider();
        await using var server = await RunningServer.StartAsync(configure: o =>
        {
            o.TimeProvider = clock;
            o.AuthFailureBurst = 3;
            o.AuthFailureRefill = TimeSpan.FromSeconds(30);
        });
        using var first = From("127.0.0.1", server.Address);
        using var second = From("127.0.0.2", server.Address);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await StatusAsync(first, "wrong-" + i)).StatusCode);
        }

        using (var refused = await StatusAsync(first, "wrong-3"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(30), refused.Headers.RetryAfter?.Delta);
            var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
            Assert.Contains("too many failed token attempts", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        // Refused without a check: even the right token gets no answer from this address...
        Assert.Equal(HttpStatusCode.TooManyRequests, (await StatusAsync(first, server.Server.AdminToken)).StatusCode);

        // ...while another address is untouched, and has its own allowance.
        Assert.Equal(HttpStatusCode.OK, (await StatusAsync(second, server.Server.AdminToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await StatusAsync(second, "wrong")).StatusCode);

        clock.Advance(TimeSpan.FromSeconds(29));
        using (var stillRefused = await StatusAsync(first, server.Server.AdminToken))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, stillRefused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), stillRefused.Headers.RetryAfter?.Delta);
        }

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await StatusAsync(first, server.Server.AdminToken)).StatusCode);

        var metrics = await first.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(3, Exposition.Value(metrics, "mesh_server_token_failures_total", ("reason", "throttled")));
        Assert.Equal(4, Exposition.Value(metrics, "mesh_server_token_failures_total", ("reason", "invalid")));
    }

    [Fact]
    public async Task MissingTokens_AreNotCountedAsGuesses()
    {
        var clock = new FakeTimeProvider();
        await using var server = await RunningServer.StartAsync(configure: o =>
        {
            o.TimeProvider = clock;
            o.AuthFailureBurst = 2;
        });
        using var client = From("127.0.0.1", server.Address);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await StatusAsync(client, null)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await StatusAsync(client, server.Server.JoinToken)).StatusCode);
    }

    private static async Task<HttpResponseMessage> StatusAsync(HttpClient client, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, ApiRoutes.Status);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await client.SendAsync(request);
    }

    // A client whose connections come from the given loopback address (all of 127.0.0.0/8 is local on Linux).
    private static HttpClient From(string localAddress, Uri server)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(60) };
    }
}

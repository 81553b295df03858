using System.Net;
using System.Text;
using Mesh.Policy.Api;
using Mesh.Testing;

namespace Mesh.Server.Tests.Registry;

/// <summary>A registration body over 64 KiB is refused (413) before it is parsed, and the server carries on.</summary>
public class RegistrationBodyLimitTests
{
    [Fact]
    public async Task Register_MegabyteOfLabelsStreamed_Is413AndServerStaysUp()
    {
        await using var server = await RunningServer.StartAsync();
        var labels = Enumerable.Range(0, 16).ToDictionary(i => "l" + i, _ => new string('v', 64 * 1024));

        // JsonContent streams (chunked): the limit is met while reading, not from a Content-Length.
        var ex = await Assert.ThrowsAsync<ControlPlaneException>(() => server.Join.RegisterAsync(Registrations.Reviews("v1", 9080) with { Labels = labels }));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, ex.StatusCode);
        Assert.Contains("at most 64 KiB", ex.Message, StringComparison.Ordinal);
        await server.Join.RegisterAsync(Registrations.Reviews("v1", 9080));
        Assert.Equal(1, (await server.Admin.StatusAsync()).Instances);
    }

    [Fact]
    public async Task Register_ContentLengthOverTheLimit_Is413()
    {
        await using var server = await RunningServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.Address };
        using var request = new HttpRequestMessage(HttpMethod.Post, ApiRoutes.Instances)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"service\":\"reviews\",\"labels\":{\"x\":\"" + new string('v', 100_000) + "\"}}")),
        };
        request.Headers.Authorization = new("Bearer", server.Server.JoinToken);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("at most 64 KiB", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, (await server.Admin.StatusAsync()).Instances);
    }
}

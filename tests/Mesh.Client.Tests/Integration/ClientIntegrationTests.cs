using System.Net;
using Mesh.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Client.Tests.Integration;

public class ClientIntegrationTests
{
    [Fact]
    public async Task TypedClient_WithAddMesh_IsRouted()
    {
        await using var reviews = await Reviews.StartAsync();
        await using var client = await MeshedClient.StartAsync(reviews.Server, services: s => s.AddHttpClient<ReviewsClient>(c => c.BaseAddress = new Uri("http://reviews:9080")).AddMesh());
        await client.WaitForRevisionAsync((await reviews.Server.Admin.ApplyAsync(Reviews.Subsets + "\n---\n" + Reviews.Route(("v3", 100)))).Revision);

        var typed = client.Services.GetRequiredService<ReviewsClient>();

        Assert.Equal("reviews v3 /reviews/7", await typed.GetAsync(7));
    }

    [Fact]
    public async Task ConfigureHttpClientDefaults_MeshesEveryClient()
    {
        await using var reviews = await Reviews.StartAsync();
        await using var client = await MeshedClient.StartAsync(reviews.Server, services: s => s.ConfigureHttpClientDefaults(b => b.AddMesh()));
        await client.WaitForRevisionAsync((await reviews.Server.Admin.ApplyAsync(Reviews.Subsets + "\n---\n" + Reviews.Route(("v2", 100)))).Revision);

        var plain = client.Services.GetRequiredService<IHttpClientFactory>().CreateClient();
        using var response = await plain.GetAsync(new Uri("http://reviews.default.svc.cluster.local:9080/x"));

        Assert.Equal("reviews v2 /x", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PostWithBufferedBody_IsRetried_WithStreamedBody_IsNot()
    {
        await using var reviews = await Reviews.StartAsync();
        foreach (var backend in reviews.Backends)
        {
            backend.Behavior.FailureRate = 1;
        }

        await using var client = await MeshedClient.StartAsync(reviews.Server);
        await client.CatchUpAsync(reviews.Server);

        // Istio's default retry policy retries 503 twice.
        using var buffered = await client.Http.PostAsync(new Uri("http://reviews:9080/"), new StringContent("payload"));
        var afterBuffered = reviews.Backends.Sum(b => b.Behavior.Requests);
        using var streamed = await client.Http.PostAsync(new Uri("http://reviews:9080/"), new StreamContent(new MemoryStream("payload"u8.ToArray())));
        var afterStreamed = reviews.Backends.Sum(b => b.Behavior.Requests);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, buffered.StatusCode);
        Assert.Equal(3, afterBuffered);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, streamed.StatusCode);
        Assert.Equal(1, afterStreamed - afterBuffered);
    }

    [Fact]
    public async Task GracefulShutdown_Deregisters()
    {
        await using var server = await RunningServer.StartAsync();
        var backend = await Backend.StartAsync("ratings", "v1", server);
        await Eventually.ValueAsync(async () => (await server.Admin.StatusAsync()).Instances, instances => instances == 1, TimeSpan.FromSeconds(20), "the backend never registered");

        await backend.DisposeAsync();

        Assert.Equal(0, (await server.Admin.StatusAsync()).Instances);
    }

    public sealed class ReviewsClient(HttpClient http)
    {
        public Task<string> GetAsync(int id) => http.GetStringAsync(new Uri($"/reviews/{id}", UriKind.Relative));
    }
}

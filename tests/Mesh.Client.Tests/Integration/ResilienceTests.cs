using System.Net;
using Mesh.Client.Http;
using Mesh.Testing;

namespace Mesh.Client.Tests.Integration;

public class ResilienceTests
{
    private static string Retrying(string extra) => $"""
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
        {extra}
        """;

    [Fact]
    public async Task BackendFailingHalfTheTime_BehindRetries_AlmostEveryRequestSucceeds()
    {
        await using var reviews = await Reviews.StartAsync();
        reviews.V2.Behavior.FailureRate = 0.5;
        await using var client = await MeshedClient.StartAsync(reviews.Server);
        var applied = await reviews.Server.Admin.ApplyAsync(Retrying("""
                retries:
                  attempts: 3
                  retryOn: 5xx
            """));
        await client.WaitForRevisionAsync(applied.Revision);

        var counts = await Reviews.SendAsync(client.Http, 2000);

        var failures = counts.Where(c => c.Key.StartsWith("error", StringComparison.Ordinal)).Sum(c => c.Value);
        Assert.True(failures <= 2, $"{failures} of 2000 failed: {string.Join(", ", counts)}");
        Assert.True(reviews.V2.Behavior.Requests > 100, "the failing backend took part");
    }

    [Fact]
    public async Task FailingBackend_WithoutRetryCondition_FailuresReachTheCaller()
    {
        await using var reviews = await Reviews.StartAsync();
        foreach (var backend in reviews.Backends)
        {
            backend.Behavior.FailureRate = 1;
            backend.Behavior.FailureStatus = 500;
        }

        await using var client = await MeshedClient.StartAsync(reviews.Server);
        var applied = await reviews.Server.Admin.ApplyAsync(Retrying("""
                retries:
                  attempts: 2
                  retryOn: 5xx
            """));
        await client.WaitForRevisionAsync(applied.Revision);

        using var response = await client.Http.GetAsync(new Uri("http://reviews:9080/"));

        // 1 attempt + 2 retries, each on a different endpoint, then the last answer with URX.
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(ResponseFlags.RetryLimitExceeded, response.Headers.GetValues(ResponseFlags.Header).Single());
        Assert.Equal(3, reviews.Backends.Sum(b => b.Behavior.Requests));
        Assert.All(reviews.Backends, b => Assert.Equal(1, b.Behavior.Requests));
    }

    [Fact]
    public async Task RouteTimeout_SlowBackend_Is504WithTimeoutFlag()
    {
        await using var reviews = await Reviews.StartAsync();
        foreach (var backend in reviews.Backends)
        {
            backend.Behavior.Delay = TimeSpan.FromSeconds(5);
        }

        await using var client = await MeshedClient.StartAsync(reviews.Server);
        var applied = await reviews.Server.Admin.ApplyAsync(Retrying("""
                timeout: 0.3s
            """));
        await client.WaitForRevisionAsync(applied.Revision);

        using var response = await client.Http.GetAsync(new Uri("http://reviews:9080/"));

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal(ResponseFlags.UpstreamTimeout, response.Headers.GetValues(ResponseFlags.Header).Single());
    }

    [Fact]
    public async Task PerTryTimeout_OneSlowEndpoint_RetryReachesAFastOne()
    {
        await using var reviews = await Reviews.StartAsync();
        reviews.V1.Behavior.Delay = TimeSpan.FromSeconds(5);
        await using var client = await MeshedClient.StartAsync(reviews.Server);
        var applied = await reviews.Server.Admin.ApplyAsync(Retrying("""
                timeout: 4s
                retries:
                  attempts: 2
                  perTryTimeout: 0.2s
                  retryOn: 5xx
            """));
        await client.WaitForRevisionAsync(applied.Revision);

        var counts = await Reviews.SendAsync(client.Http, 60);

        Assert.Equal(60, counts.GetValueOrDefault("v2") + counts.GetValueOrDefault("v3"));
        Assert.True(reviews.V1.Behavior.Requests > 0, "some first attempts went to the slow endpoint and were retried");
    }

    [Fact]
    public async Task ConnectionRefused_OneEndpointDown_DefaultRetriesHideIt()
    {
        await using var reviews = await Reviews.StartAsync();
        await using var client = await MeshedClient.StartAsync(reviews.Server);
        await client.CatchUpAsync(reviews.Server);

        // Stop v1's listener without deregistering it: the registry still lists it, connections are refused.
        await reviews.V1.StopAsync();
        var counts = await Reviews.SendAsync(client.Http, 200);

        // Istio's default policy retries connect failures on another endpoint.
        Assert.Equal(200, counts.GetValueOrDefault("v2") + counts.GetValueOrDefault("v3"));
    }
}

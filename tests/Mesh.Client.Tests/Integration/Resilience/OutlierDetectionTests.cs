using Mesh.Testing;

namespace Mesh.Client.Tests.Integration.Resilience;

public class OutlierDetectionTests
{
    private const string Policy = """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: reviews
        spec:
          host: reviews
          trafficPolicy:
            loadBalancer:
              simple: ROUND_ROBIN
            outlierDetection:
              consecutive5xxErrors: 2
              interval: 1s
              baseEjectionTime: 1s
              maxEjectionPercent: 50
        ---
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
              attempts: 0
        """;

    [Fact]
    public async Task FailingEndpoint_IsEjected_TrafficMovesAway_ThenItComesBack()
    {
        await using var reviews = await Reviews.StartAsync();
        reviews.V2.Behavior.FailureRate = 1;
        reviews.V2.Behavior.FailureStatus = 500;
        await using var client = await MeshedClient.StartAsync(reviews.Server);
        await client.WaitForRevisionAsync((await reviews.Server.Admin.ApplyAsync(Policy)).Revision);

        // Round robin sends v2 its share until two consecutive 5xx eject it.
        await Reviews.SendAsync(client.Http, 12);
        var hitsAtEjection = reviews.V2.Behavior.Requests;
        var whileEjected = await Reviews.SendAsync(client.Http, 60);

        Assert.Equal(2, hitsAtEjection);
        Assert.Equal(hitsAtEjection, reviews.V2.Behavior.Requests);
        Assert.Equal(60, whileEjected.GetValueOrDefault("v1") + whileEjected.GetValueOrDefault("v3"));

        // Healed, and after its ejection time it receives traffic again.
        reviews.V2.Behavior.FailureRate = 0;
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        var afterwards = await Reviews.SendAsync(client.Http, 30);
        Assert.True(afterwards.GetValueOrDefault("v2") > 0, string.Join(", ", afterwards));
    }

    [Fact]
    public async Task MaxEjectionPercent_KeepsHalfTheEndpointsInService()
    {
        await using var reviews = await Reviews.StartAsync();
        foreach (var backend in reviews.Backends)
        {
            backend.Behavior.FailureRate = 1;
            backend.Behavior.FailureStatus = 500;
        }

        await using var client = await MeshedClient.StartAsync(reviews.Server);
        await client.WaitForRevisionAsync((await reviews.Server.Admin.ApplyAsync(Policy)).Revision);

        await Reviews.SendAsync(client.Http, 30);
        var before = reviews.Backends.Select(b => b.Behavior.Requests).ToArray();
        await Reviews.SendAsync(client.Http, 30);
        var after = reviews.Backends.Select(b => b.Behavior.Requests).ToArray();

        // 50 % of three: one endpoint may be ejected, the other two keep serving (and failing).
        Assert.Equal(2, before.Zip(after).Count(p => p.Second > p.First));
    }
}

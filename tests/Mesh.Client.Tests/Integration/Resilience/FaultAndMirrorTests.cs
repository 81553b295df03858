using System.Net;
using Mesh.Client.Http;
using Mesh.Testing;

namespace Mesh.Client.Tests.Integration.Resilience;

public class FaultAndMirrorTests
{
    private static string Fault(string fault) => $"""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: reviews
        spec:
          hosts:
          - reviews
          http:
          - fault:
        {fault}
            route:
            - destination:
                host: reviews
        """;

    [Fact]
    public async Task Abort100Percent_ReturnsTheConfiguredStatus_AndNothingLeaves()
    {
        await using var reviews = await Reviews.StartAsync();
        await using var client = await MeshedClient.StartAsync(reviews.Server);
        await client.WaitForRevisionAsync((await reviews.Server.Admin.ApplyAsync(Fault("""
                  abort:
                    httpStatus: 418
                    percentage:
                      value: 100
            """))).Revision);

        var counts = await Reviews.SendAsync(client.Http, 20);
        using var response = await client.Http.GetAsync(new Uri("http://reviews:9080/"));

        Assert.Equal(20, counts["error:418"]);
        Assert.Equal(ResponseFlags.FaultInjected, response.Headers.GetValues(ResponseFlags.Header).Single());
        Assert.Equal(0, reviews.Backends.Sum(b => b.Behavior.Requests));
    }

    [Fact]
    public async Task Delay50Percent_DelaysAboutHalf_AndDelayedRequestsStillSucceed()
    {
        await using var reviews = await Reviews.StartAsync();
        await using var client = await MeshedClient.StartAsync(reviews.Server);
        await client.WaitForRevisionAsync((await reviews.Server.Admin.ApplyAsync(Fault("""
                  delay:
                    fixedDelay: 20ms
                    percentage:
                      value: 50
            """))).Revision);

        var delayed = 0;
        for (var i = 0; i < 200; i++)
        {
            using var response = await client.Http.GetAsync(new Uri("http://reviews:9080/"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            if (response.Headers.TryGetValues(ResponseFlags.Header, out var flags) && flags.Contains(ResponseFlags.DelayInjected))
            {
                delayed++;
            }
        }

        Assert.InRange(delayed, 70, 130);
    }

    [Fact]
    public async Task IstioMirroringTask_CopiesGoToV2_CallersOnlySeeV1()
    {
        await using var httpbin = await Httpbin.StartAsync();
        await using var client = await MeshedClient.StartAsync(httpbin.Server);
        await httpbin.ApplyFileAsync("istio.io/extracted/traffic-management/mirroring/snip_creating_a_default_routing_policy_1.yaml");
        await client.WaitForRevisionAsync(await httpbin.ApplyFileAsync("istio.io/extracted/traffic-management/mirroring/snip_mirroring_traffic_to_httpbinv2_1.yaml"));

        for (var i = 0; i < 20; i++)
        {
            using var response = await client.Http.GetAsync(new Uri("http://httpbin:8000/headers"));
            Assert.Equal("httpbin v1 /headers", await response.Content.ReadAsStringAsync());
        }

        // Copies are fire-and-forget: wait for them to land.
        await Eventually.ValueAsync(() => Task.FromResult(httpbin.V2.Behavior.Requests), requests => requests >= 20, TimeSpan.FromSeconds(10), "the mirror did not receive every copy");

        Assert.Equal(20, httpbin.V1.Behavior.Requests);
        Assert.Equal(20, httpbin.V2.Behavior.Requests);
        Assert.All(httpbin.V2.Behavior.Hosts, h => Assert.Equal("httpbin-shadow:8000", h));
    }

    [Fact]
    public async Task Mirror_DownOrSlowMirror_NeverDelaysOrFailsTheCaller()
    {
        await using var httpbin = await Httpbin.StartAsync();
        httpbin.V2.Behavior.Delay = TimeSpan.FromSeconds(5);
        httpbin.V2.Behavior.FailureRate = 1;
        await using var client = await MeshedClient.StartAsync(httpbin.Server);
        await httpbin.ApplyFileAsync("istio.io/extracted/traffic-management/mirroring/snip_creating_a_default_routing_policy_1.yaml");
        await client.WaitForRevisionAsync(await httpbin.ApplyFileAsync("istio.io/extracted/traffic-management/mirroring/snip_mirroring_traffic_to_httpbinv2_1.yaml"));

        var started = DateTime.UtcNow;
        for (var i = 0; i < 5; i++)
        {
            using var response = await client.Http.PostAsync(new Uri("http://httpbin:8000/post"), new StringContent("body"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // Five calls against a mirror that takes 5 s each: the callers did not wait for it.
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
    }
}

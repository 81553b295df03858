using System.Diagnostics;
using System.Net;
using Mesh.Client.Http;
using Mesh.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Mesh.Client.Tests.Integration.Resilience;

public class CircuitBreakingTests(ITestOutputHelper output)
{
    private const string IstioCircuitBreaker = "istio.io/extracted/traffic-management/circuit-breaking/snip_configuring_the_circuit_breaker_1.yaml";

    [Fact]
    public async Task IstioTask_TwoThenThreeCallers_OverflowIsRefusedAtOnceWithUO()
    {
        await using var httpbin = await Httpbin.StartAsync(withV2: false);
        httpbin.V1.Behavior.Delay = TimeSpan.FromMilliseconds(500);
        await using var client = await MeshedClient.StartAsync(httpbin.Server);
        await client.WaitForRevisionAsync(await httpbin.ApplyFileAsync(IstioCircuitBreaker));

        var two = await LoadAsync(client.Http, callers: 2, requestsEach: 6);
        var three = await LoadAsync(client.Http, callers: 3, requestsEach: 6);
        output.WriteLine($"2 callers: {two.Ok} ok, {two.Overflow} overflow; 3 callers: {three.Ok} ok, {three.Overflow} overflow, slowest overflow {three.SlowestOverflow.TotalMilliseconds:F2} ms");

        // maxConnections 1 + http1MaxPendingRequests 1: two requests may be in flight, a third is refused.
        Assert.Equal(12, two.Ok);
        Assert.True(three.Overflow > 0, "a third concurrent caller must overflow");
        Assert.Equal(18, three.Ok + three.Overflow);

        // Refused without waiting: faster than one upstream request, which takes 500 ms.
        Assert.True(three.SlowestOverflow < TimeSpan.FromMilliseconds(500), $"slowest overflow took {three.SlowestOverflow}");
        Assert.Equal(two.Ok + three.Ok, httpbin.V1.Behavior.Requests);
    }

    [Fact]
    public async Task ConnectionLimits_AreSharedByEveryClientOfTheProcess()
    {
        await using var httpbin = await Httpbin.StartAsync(withV2: false);
        httpbin.V1.Behavior.Delay = TimeSpan.FromMilliseconds(500);
        await using var client = await MeshedClient.StartAsync(httpbin.Server, services: s => s.AddHttpClient("other").AddMesh());
        await client.WaitForRevisionAsync(await httpbin.ApplyFileAsync(IstioCircuitBreaker));
        var other = ((IHttpClientFactory)client.Services.GetService(typeof(IHttpClientFactory))!).CreateClient("other");

        // Two clients, three requests at once: the destination's limit (2) holds across them.
        var responses = await Task.WhenAll(Get(client.Http), Get(other), Get(client.Http));

        Assert.Equal(1, responses.Count(r => r == HttpStatusCode.ServiceUnavailable));
    }

    private static async Task<HttpStatusCode> Get(HttpClient http)
    {
        using var response = await http.GetAsync(new Uri("http://httpbin:8000/get"));
        return response.StatusCode;
    }

    private static async Task<(int Ok, int Overflow, TimeSpan SlowestOverflow)> LoadAsync(HttpClient http, int callers, int requestsEach)
    {
        var ok = 0;
        var overflow = 0;
        long slowest = 0;
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < requestsEach; i++)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync(new Uri("http://httpbin:8000/get"));
                var elapsed = Stopwatch.GetTimestamp() - started;
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref ok);
                }
                else
                {
                    Assert.Equal(ResponseFlags.UpstreamOverflow, response.Headers.GetValues(ResponseFlags.Header).Single());
                    Interlocked.Increment(ref overflow);
                    InterlockedMax(ref slowest, elapsed);
                }
            }
        })));
        return (ok, overflow, Stopwatch.GetElapsedTime(0, slowest));
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}

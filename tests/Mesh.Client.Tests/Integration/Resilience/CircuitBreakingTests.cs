using System.Net;
using Mesh.Client.Http;
using Mesh.Client.Routing;
using Mesh.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Client.Tests.Integration.Resilience;

/// <summary>
/// Istio's circuit-breaking task: the backend holds its requests until the test releases them, so which requests
/// the mesh admits and which it refuses depends on what is in flight, never on how fast the machine is.
/// </summary>
public class CircuitBreakingTests
{
    private const string IstioCircuitBreaker = "istio.io/extracted/traffic-management/circuit-breaking/snip_configuring_the_circuit_breaker_1.yaml";

    [Fact]
    public async Task IstioTask_TwoInFlight_ThirdAndLaterRefusedAtOnceWithUO_ThenAdmittedOnceTheyEnd()
    {
        await using var httpbin = await Httpbin.StartAsync(withV2: false);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        httpbin.V1.Behavior.Hold = release.Task;
        using var releaseOnExit = new Releaser(release); // a failed assertion must not leave requests held
        await using var client = await MeshedClient.StartAsync(httpbin.Server);
        await client.WaitForRevisionAsync(await httpbin.ApplyFileAsync(IstioCircuitBreaker));

        // maxConnections 1 + http1MaxPendingRequests 1: two requests may be in flight, a third is refused.
        var first = Get(client.Http);
        var second = Get(client.Http);
        await WaitForActiveAsync(client, 2);

        // Refused without waiting for a slot: the held requests cannot end before the release below, so a mesh that
        // queued these would never answer them (the client's own timeout would fail the test).
        var refused = new List<(HttpStatusCode Status, string? Flag)>();
        for (var i = 0; i < 4; i++)
        {
            refused.Add(await Get(client.Http));
        }

        var stillHeld = !first.IsCompleted && !second.IsCompleted;
        release.TrySetResult();
        var admitted = await Task.WhenAll(first, second);
        var afterwards = await Get(client.Http);

        Assert.True(stillHeld, "a held request ended before its release");
        Assert.All(refused, r => Assert.Equal((HttpStatusCode.ServiceUnavailable, ResponseFlags.UpstreamOverflow), r));
        Assert.All(admitted, r => Assert.Equal((HttpStatusCode.OK, null), r));
        Assert.Equal((HttpStatusCode.OK, null), afterwards);
        Assert.Equal(3, httpbin.V1.Behavior.Requests); // the refused ones never reached httpbin
    }

    [Fact]
    public async Task ConnectionLimits_AreSharedByEveryClientOfTheProcess()
    {
        await using var httpbin = await Httpbin.StartAsync(withV2: false);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        httpbin.V1.Behavior.Hold = release.Task;
        using var releaseOnExit = new Releaser(release); // a failed assertion must not leave requests held
        await using var client = await MeshedClient.StartAsync(httpbin.Server, services: s => s.AddHttpClient("other").AddMesh());
        await client.WaitForRevisionAsync(await httpbin.ApplyFileAsync(IstioCircuitBreaker));
        var other = ((IHttpClientFactory)client.Services.GetService(typeof(IHttpClientFactory))!).CreateClient("other");

        // Two clients: one request each in flight fills the destination's limit (2) for both of them.
        var fromFirst = Get(client.Http);
        var fromOther = Get(other);
        await WaitForActiveAsync(client, 2);
        var third = await Get(client.Http);
        var fourth = await Get(other);
        release.TrySetResult();
        var admitted = await Task.WhenAll(fromFirst, fromOther);

        Assert.Equal((HttpStatusCode.ServiceUnavailable, ResponseFlags.UpstreamOverflow), third);
        Assert.Equal((HttpStatusCode.ServiceUnavailable, ResponseFlags.UpstreamOverflow), fourth);
        Assert.All(admitted, r => Assert.Equal(HttpStatusCode.OK, r.Status));
    }

    private static async Task<(HttpStatusCode Status, string? Flag)> Get(HttpClient http)
    {
        using var response = await http.GetAsync(new Uri("http://httpbin:8000/get"));
        return (response.StatusCode, response.Headers.TryGetValues(ResponseFlags.Header, out var flags) ? string.Join(",", flags) : null);
    }

    /// <summary>Until the mesh counts <paramref name="count"/> requests in flight to httpbin (it has admitted them).</summary>
    private static Task WaitForActiveAsync(MeshedClient client, int count) =>
        Eventually.TrueAsync(
            () => Task.FromResult(HttpbinTarget(client).State.Active == count),
            TimeSpan.FromSeconds(20),
            $"the mesh never had {count} requests in flight to httpbin");

    private static SubsetTarget HttpbinTarget(MeshedClient client) =>
        client.Services.GetRequiredService<MeshRuntime>().Snapshot.Targets.First(t => t.Subset is null && t.Service.StartsWith("httpbin.", StringComparison.Ordinal));

    private sealed class Releaser(TaskCompletionSource release) : IDisposable
    {
        public void Dispose() => release.TrySetResult();
    }
}

using Mesh.Client.Balancing;
using Mesh.Client.Http;
using Mesh.Client.Resilience;
using Mesh.Client.Routing;

namespace Mesh.Client.Tests.Routing;

/// <summary>
/// How a destination finds an endpoint's connection pool: by scanning its endpoints up to eight, by an index above
/// that. Both ways must hand every endpoint its own pool and refuse an endpoint that is not the destination's.
/// </summary>
public class SubsetTargetTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(8)] // the largest destination that is scanned
    [InlineData(9)] // the smallest that is indexed
    [InlineData(40)]
    public void EachEndpoint_HasItsOwnPool_FoundAgainByReference(int count)
    {
        using var transport = new MeshTransport();
        var endpoints = Enumerable.Range(0, count)
            .Select(i => new EndpointState("127.0.0.1", 20_000 + i, new Dictionary<string, string> { ["version"] = "v1" }))
            .ToArray();
        var target = new SubsetTarget("reviews.default.svc.cluster.local", "v1", endpoints, null, new DestinationState(), transport, SharedMeshRandom.Instance, TimeProvider.System);

        var pools = endpoints.Select(target.PoolOf).ToArray();

        Assert.Equal(count, pools.Distinct().Count());
        for (var i = count - 1; i >= 0; i--)
        {
            Assert.Same(pools[i], target.PoolOf(endpoints[i]));
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(12)]
    public void AnEndpointOfAnotherDestination_IsRefused_EvenAtTheSameAddress(int count)
    {
        using var transport = new MeshTransport();
        var endpoints = Enumerable.Range(0, count)
            .Select(i => new EndpointState("127.0.0.1", 20_000 + i, new Dictionary<string, string>()))
            .ToArray();
        var target = new SubsetTarget("reviews.default.svc.cluster.local", null, endpoints, null, new DestinationState(), transport, SharedMeshRandom.Instance, TimeProvider.System);
        var stranger = new EndpointState("127.0.0.1", 20_000, new Dictionary<string, string>());

        var error = Assert.Throws<KeyNotFoundException>(() => target.PoolOf(stranger));
        Assert.Contains("reviews.default.svc.cluster.local", error.Message, StringComparison.Ordinal);
        Assert.Null(target.PeerPrincipalOf(stranger));
    }
}

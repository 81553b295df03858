using Mesh.Client.Balancing;
using static Mesh.Client.Tests.Balancing.TestEndpoints;

namespace Mesh.Client.Tests.Balancing;

public class RandomBalancerTests
{
    [Fact]
    public void Pick_EqualWeights_IsRoughlyUniform()
    {
        var endpoints = Create(4);
        var balancer = new RandomBalancer(endpoints, new SeededMeshRandom(42));

        var counts = Count(balancer, 40_000, Context());

        // Expected 10,000 each with a standard deviation of about 87: ±500 is almost 6 sigma.
        Assert.All(endpoints, e => Assert.InRange(counts[e], 9_500, 10_500));
    }

    [Fact]
    public void Pick_UnequalWeights_IsProportionalToWeight()
    {
        EndpointState[] endpoints = [Endpoint(1, weight: 1), Endpoint(2, weight: 3)];
        var balancer = new RandomBalancer(endpoints, new SeededMeshRandom(7));

        var counts = Count(balancer, 40_000, Context());

        Assert.InRange(counts[endpoints[1]] / 40_000.0, 0.73, 0.77);
    }

    [Fact]
    public void Pick_UnequalWeightsWithExclude_SpreadsOverTheOthersByWeight()
    {
        EndpointState[] endpoints = [Endpoint(1, weight: 1), Endpoint(2, weight: 5), Endpoint(3, weight: 2)];
        var balancer = new RandomBalancer(endpoints, new SeededMeshRandom(3));

        var counts = Count(balancer, 30_000, Context(exclude: endpoints[1]));

        Assert.Equal(0, counts[endpoints[1]]);
        Assert.InRange(counts[endpoints[2]] / 30_000.0, 0.63, 0.70);
    }
}

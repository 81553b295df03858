using Mesh.Client.Balancing;
using static Mesh.Client.Tests.Balancing.TestEndpoints;

namespace Mesh.Client.Tests.Balancing;

public class RoundRobinBalancerTests
{
    [Fact]
    public void Pick_EqualWeights_CyclesThroughEveryEndpointInTurn()
    {
        var endpoints = Create(3);
        var balancer = new RoundRobinBalancer(endpoints, new SeededMeshRandom(1));

        var picks = new EndpointState[300];
        for (var i = 0; i < picks.Length; i++)
        {
            picks[i] = balancer.Pick(Context());
        }

        for (var i = 0; i + 3 < picks.Length; i++)
        {
            Assert.NotSame(picks[i], picks[i + 1]);
            Assert.Same(picks[i], picks[i + 3]);
        }

        Assert.All(endpoints, e => Assert.Equal(100, picks.Count(p => ReferenceEquals(p, e))));
    }

    [Fact]
    public void Pick_DifferentSeeds_StartAtDifferentEndpoints()
    {
        var endpoints = Create(5);
        var firsts = new HashSet<EndpointState>();
        for (var seed = 0; seed < 50; seed++)
        {
            firsts.Add(new RoundRobinBalancer(endpoints, new SeededMeshRandom(seed)).Pick(Context()));
        }

        Assert.True(firsts.Count > 1, "every balancer started at the same endpoint");
    }

    [Fact]
    public void Pick_UnequalWeights_PicksInProportionToWeight()
    {
        EndpointState[] endpoints = [Endpoint(1, weight: 1), Endpoint(2, weight: 2), Endpoint(3, weight: 3)];
        var balancer = new RoundRobinBalancer(endpoints, new SeededMeshRandom(1));

        var counts = Count(balancer, 600, Context());

        Assert.Equal(100, counts[endpoints[0]]);
        Assert.Equal(200, counts[endpoints[1]]);
        Assert.Equal(300, counts[endpoints[2]]);
    }

    [Fact]
    public void Pick_ConcurrentCallers_StillSpreadEvenly()
    {
        var endpoints = Create(4);
        var balancer = new RoundRobinBalancer(endpoints, new SeededMeshRandom(1));
        var counts = new int[4];

        Parallel.For(0, 4000, _ =>
        {
            var picked = balancer.Pick(Context());
            Interlocked.Increment(ref counts[Array.IndexOf(endpoints, picked)]);
        });

        Assert.All(counts, c => Assert.Equal(1000, c));
    }
}

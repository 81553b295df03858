using Mesh.Client.Balancing;
using static Mesh.Client.Tests.Balancing.TestEndpoints;

namespace Mesh.Client.Tests.Balancing;

public class LeastRequestBalancerTests
{
    [Fact]
    public void Pick_TwoEndpointsOneBusy_AlwaysPicksTheIdleOne()
    {
        var endpoints = Create(2);
        Enter(endpoints[0], 3);
        var balancer = new LeastRequestBalancer(endpoints, new SeededMeshRandom(1));

        var counts = Count(balancer, 200, Context());

        Assert.Equal(200, counts[endpoints[1]]);
    }

    [Fact]
    public void Pick_OneEndpointBusierThanAllOthers_NeverPicksIt()
    {
        var endpoints = Create(3);
        Enter(endpoints[2], 5);
        var balancer = new LeastRequestBalancer(endpoints, new SeededMeshRandom(2));

        var counts = Count(balancer, 1_000, Context());

        Assert.Equal(0, counts[endpoints[2]]);
        Assert.InRange(counts[endpoints[0]], 400, 600);
        Assert.InRange(counts[endpoints[1]], 400, 600);
    }

    [Fact]
    public void Pick_GradedLoads_ComparesTwoRandomEndpointsNotAll()
    {
        var endpoints = Create(3);
        Enter(endpoints[1], 1);
        Enter(endpoints[2], 2);
        var balancer = new LeastRequestBalancer(endpoints, new SeededMeshRandom(3));

        var counts = Count(balancer, 3_000, Context());

        // The middle endpoint wins only when paired with the busiest: about a third of the time.
        Assert.Equal(0, counts[endpoints[2]]);
        Assert.InRange(counts[endpoints[1]], 800, 1_200);
        Assert.InRange(counts[endpoints[0]], 1_800, 2_200);
    }

    [Fact]
    public void Pick_EqualInFlight_SpreadsAcrossEndpoints()
    {
        var endpoints = Create(4);
        foreach (var endpoint in endpoints)
        {
            Enter(endpoint, 2);
        }

        var balancer = new LeastRequestBalancer(endpoints, new SeededMeshRandom(4));

        var counts = Count(balancer, 4_000, Context());

        Assert.All(endpoints, e => Assert.InRange(counts[e], 800, 1_200));
    }

    [Fact]
    public void Pick_AfterExit_SeesTheLowerCount()
    {
        var endpoints = Create(2);
        Enter(endpoints[0], 2);
        Enter(endpoints[1], 1);
        var balancer = new LeastRequestBalancer(endpoints, new SeededMeshRandom(5));
        Assert.Same(endpoints[1], balancer.Pick(Context()));

        endpoints[0].Exit();
        endpoints[0].Exit();

        Assert.Same(endpoints[0], balancer.Pick(Context()));
    }

    private static void Enter(EndpointState endpoint, int requests)
    {
        for (var i = 0; i < requests; i++)
        {
            endpoint.Enter();
        }
    }
}

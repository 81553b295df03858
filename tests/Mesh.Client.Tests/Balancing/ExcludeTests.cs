using System.Globalization;
using Mesh.Client.Balancing;
using Mesh.Policy.Resources.Networking;
using static Mesh.Client.Tests.Balancing.TestEndpoints;

namespace Mesh.Client.Tests.Balancing;

public class ExcludeTests
{
    public static TheoryData<string, int> KindsAndCounts()
    {
        var data = new TheoryData<string, int>();
        foreach (var kind in Kinds)
        {
            foreach (var count in new[] { 2, 3, 7 })
            {
                data.Add(kind, count);
            }
        }

        return data;
    }

    public static TheoryData<string> AllKinds() => [.. Kinds];

    private static readonly string[] Kinds = ["RoundRobin", "Random", "LeastRequest", "Maglev", "RingHash"];

    [Theory]
    [MemberData(nameof(KindsAndCounts))]
    public void Pick_ExcludeWithOthersAvailable_NeverReturnsExclude(string kind, int count)
    {
        var endpoints = Create(count);
        var balancer = Build(kind, endpoints);

        foreach (var exclude in endpoints)
        {
            var seen = new HashSet<EndpointState>();
            for (var i = 0; i < 300; i++)
            {
                var picked = balancer.Pick(HeaderContext("x-user", i.ToString(CultureInfo.InvariantCulture), exclude));
                Assert.NotSame(exclude, picked);
                seen.Add(picked);
            }

            Assert.Equal(count - 1, seen.Count);
        }
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void Pick_ExcludeIsTheOnlyEndpoint_ReturnsIt(string kind)
    {
        var endpoints = Create(1);
        var balancer = Build(kind, endpoints);

        Assert.Same(endpoints[0], balancer.Pick(HeaderContext("x-user", "alice", endpoints[0])));
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void Pick_ExcludeNotInTheSet_PicksNormally(string kind)
    {
        var endpoints = Create(3);
        var balancer = Build(kind, endpoints);
        var stranger = Endpoint(99);

        var picked = balancer.Pick(HeaderContext("x-user", "alice", stranger));

        Assert.Contains(picked, endpoints);
    }

    [Theory]
    [InlineData("Maglev")]
    [InlineData("RingHash")]
    public void Pick_ConsistentHashExcludingTheOwner_GivesAStableSecondChoice(string kind)
    {
        var endpoints = Create(5);
        var balancer = Build(kind, endpoints);
        var owner = balancer.Pick(HeaderContext("x-user", "alice"));

        var second = balancer.Pick(HeaderContext("x-user", "alice", owner));

        Assert.NotSame(owner, second);
        for (var i = 0; i < 20; i++)
        {
            Assert.Same(second, balancer.Pick(HeaderContext("x-user", "alice", owner)));
        }
    }

    [Fact]
    public void Pick_ConsistentHashWithoutKey_HonoursExclude()
    {
        var endpoints = Create(3);
        var balancer = Build("Maglev", endpoints);

        for (var i = 0; i < 300; i++)
        {
            Assert.NotSame(endpoints[1], balancer.Pick(Context(exclude: endpoints[1])));
        }
    }

    private static ILoadBalancer Build(string kind, EndpointState[] endpoints)
    {
        var settings = kind switch
        {
            "RoundRobin" => new LoadBalancerSettings { Simple = SimpleLoadBalancer.RoundRobin },
            "Random" => new LoadBalancerSettings { Simple = SimpleLoadBalancer.Random },
            "LeastRequest" => new LoadBalancerSettings { Simple = SimpleLoadBalancer.LeastRequest },
            "Maglev" => new LoadBalancerSettings
            {
                ConsistentHash = new ConsistentHashSettings { HttpHeaderName = "x-user", Maglev = new Maglev { TableSize = 251 } },
            },
            _ => new LoadBalancerSettings
            {
                ConsistentHash = new ConsistentHashSettings { HttpHeaderName = "x-user", RingHash = new RingHash { MinimumRingSize = 256 } },
            },
        };
        return LoadBalancerFactory.Create(settings, endpoints, new SeededMeshRandom(11));
    }
}

using Mesh.Client.Balancing;
using Mesh.Policy.Resources.Networking;
using static Mesh.Client.Tests.Balancing.TestEndpoints;

namespace Mesh.Client.Tests.Balancing;

public class LoadBalancerFactoryTests
{
    [Theory]
    [InlineData(null, typeof(LeastRequestBalancer))]
    [InlineData(SimpleLoadBalancer.Unspecified, typeof(LeastRequestBalancer))]
    [InlineData(SimpleLoadBalancer.LeastRequest, typeof(LeastRequestBalancer))]
    [InlineData(SimpleLoadBalancer.LeastConn, typeof(LeastRequestBalancer))]
    [InlineData(SimpleLoadBalancer.RoundRobin, typeof(RoundRobinBalancer))]
    [InlineData(SimpleLoadBalancer.Random, typeof(RandomBalancer))]
    public void Create_SimpleSetting_BuildsMatchingBalancer(SimpleLoadBalancer? simple, Type expected)
    {
        var balancer = LoadBalancerFactory.Create(new LoadBalancerSettings { Simple = simple }, Create(3), new SeededMeshRandom(1));

        Assert.IsType(expected, balancer);
    }

    [Fact]
    public void Create_NoSettings_BuildsLeastRequestOverTheEndpoints()
    {
        var endpoints = Create(3);

        var balancer = LoadBalancerFactory.Create(null, endpoints, SharedMeshRandom.Instance);

        Assert.IsType<LeastRequestBalancer>(balancer);
        Assert.Equal(endpoints, balancer.Endpoints);
    }

    [Fact]
    public void Create_ConsistentHashWithoutTable_BuildsDefaultMaglev()
    {
        var settings = new LoadBalancerSettings { ConsistentHash = new ConsistentHashSettings { HttpHeaderName = "x-user" } };

        var balancer = Assert.IsType<ConsistentHashBalancer>(LoadBalancerFactory.Create(settings, Create(3), new SeededMeshRandom(1)));

        Assert.Equal(MaglevTable.DefaultSize, Assert.IsType<MaglevTable>(balancer.Table).Size);
        Assert.Equal(HashKeyKind.Header, balancer.Key.Kind);
    }

    [Fact]
    public void Create_MaglevTableSize_IsRespected()
    {
        var settings = new LoadBalancerSettings
        {
            ConsistentHash = new ConsistentHashSettings { UseSourceIp = true, Maglev = new Maglev { TableSize = 251 } },
        };

        var balancer = Assert.IsType<ConsistentHashBalancer>(LoadBalancerFactory.Create(settings, Create(3), new SeededMeshRandom(1)));

        Assert.Equal(251, Assert.IsType<MaglevTable>(balancer.Table).Size);
    }

    [Fact]
    public void Create_RingHash_BuildsRingOfMinimumSize()
    {
        var settings = new LoadBalancerSettings
        {
            ConsistentHash = new ConsistentHashSettings { HttpCookie = new HttpCookie { Name = "sid" }, RingHash = new RingHash() },
        };

        var balancer = Assert.IsType<ConsistentHashBalancer>(LoadBalancerFactory.Create(settings, Create(4), new SeededMeshRandom(1)));

        Assert.Equal(RingHashTable.DefaultMinimumSize, Assert.IsType<RingHashTable>(balancer.Table).Size);
        Assert.Equal(HashKeyKind.Cookie, balancer.Key.Kind);
    }

    [Fact]
    public void Create_Passthrough_Throws()
    {
        var settings = new LoadBalancerSettings { Simple = SimpleLoadBalancer.Passthrough };

        Assert.Throws<ArgumentException>(() => LoadBalancerFactory.Create(settings, Create(2), new SeededMeshRandom(1)));
    }

    [Theory]
    [InlineData(250L)]
    [InlineData(5000077L)]
    [InlineData(1L << 40)]
    public void Create_MaglevTableSizeNotAllowed_Throws(long size)
    {
        var settings = new LoadBalancerSettings
        {
            ConsistentHash = new ConsistentHashSettings { UseSourceIp = true, Maglev = new Maglev { TableSize = size } },
        };

        Assert.Throws<ArgumentException>(() => LoadBalancerFactory.Create(settings, Create(2), new SeededMeshRandom(1)));
    }

    [Fact]
    public void Create_SimpleAndConsistentHash_Throws()
    {
        var settings = new LoadBalancerSettings
        {
            Simple = SimpleLoadBalancer.RoundRobin,
            ConsistentHash = new ConsistentHashSettings { UseSourceIp = true },
        };

        Assert.Throws<ArgumentException>(() => LoadBalancerFactory.Create(settings, Create(2), new SeededMeshRandom(1)));
    }

    [Fact]
    public void Create_NoEndpoints_Throws()
    {
        Assert.Throws<ArgumentException>(() => LoadBalancerFactory.Create(null, [], new SeededMeshRandom(1)));
    }
}

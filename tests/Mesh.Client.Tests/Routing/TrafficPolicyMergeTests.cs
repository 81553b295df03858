using Mesh.Client.Routing;
using Mesh.Policy.Resources;
using Mesh.Policy.Resources.Networking;

namespace Mesh.Client.Tests.Routing;

public class TrafficPolicyMergeTests
{
    [Fact]
    public void Merge_SubsetSetsOneField_OverridesItAndInheritsTheOthers()
    {
        var rule = new TrafficPolicy
        {
            LoadBalancer = new LoadBalancerSettings { Simple = SimpleLoadBalancer.RoundRobin },
            ConnectionPool = new ConnectionPoolSettings { Tcp = new TcpSettings { MaxConnections = 10 } },
            OutlierDetection = new OutlierDetection { Consecutive5xxErrors = 5 },
            RetryBudget = new RetryBudget { MinRetryConcurrency = 3 },
        };
        var subset = new TrafficPolicy { LoadBalancer = new LoadBalancerSettings { ConsistentHash = new ConsistentHashSettings { HttpHeaderName = "x-user" } } };

        var merged = TrafficPolicyMerge.Merge(rule, subset)!;

        Assert.Same(subset.LoadBalancer, merged.LoadBalancer);
        Assert.Same(rule.ConnectionPool, merged.ConnectionPool);
        Assert.Same(rule.OutlierDetection, merged.OutlierDetection);
        Assert.Same(rule.RetryBudget, merged.RetryBudget);
    }

    [Fact]
    public void Merge_SubsetSetsEveryField_TakesAllOfThem()
    {
        var rule = new TrafficPolicy
        {
            LoadBalancer = new LoadBalancerSettings { Simple = SimpleLoadBalancer.RoundRobin },
            OutlierDetection = new OutlierDetection { Consecutive5xxErrors = 5 },
            Tls = new ClientTlsSettings(),
        };
        var subset = new TrafficPolicy
        {
            LoadBalancer = new LoadBalancerSettings { Simple = SimpleLoadBalancer.Random },
            OutlierDetection = new OutlierDetection { Consecutive5xxErrors = 1, BaseEjectionTime = new Duration(TimeSpan.FromSeconds(1)) },
            Tls = new ClientTlsSettings(),
        };

        var merged = TrafficPolicyMerge.Merge(rule, subset)!;

        Assert.Same(subset.LoadBalancer, merged.LoadBalancer);
        Assert.Same(subset.OutlierDetection, merged.OutlierDetection);
        Assert.Same(subset.Tls, merged.Tls);
    }

    [Fact]
    public void Merge_NoSubsetPolicy_ReturnsTheRules()
    {
        var rule = new TrafficPolicy();

        Assert.Same(rule, TrafficPolicyMerge.Merge(rule, null));
    }

    [Fact]
    public void Merge_NoRulePolicy_ReturnsTheSubsets()
    {
        var subset = new TrafficPolicy();

        Assert.Same(subset, TrafficPolicyMerge.Merge(null, subset));
    }

    [Fact]
    public void Merge_Neither_ReturnsNull()
    {
        Assert.Null(TrafficPolicyMerge.Merge(null, null));
    }

    [Fact]
    public void Merge_Inputs_AreNotModified()
    {
        var rule = new TrafficPolicy { LoadBalancer = new LoadBalancerSettings { Simple = SimpleLoadBalancer.RoundRobin } };
        var subset = new TrafficPolicy { OutlierDetection = new OutlierDetection() };

        _ = TrafficPolicyMerge.Merge(rule, subset);

        Assert.Null(rule.OutlierDetection);
        Assert.Null(subset.LoadBalancer);
    }
}

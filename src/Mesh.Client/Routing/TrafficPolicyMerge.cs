using Mesh.Policy.Resources.Networking;

namespace Mesh.Client.Routing;

/// <summary>A subset's traffic policy overrides its rule's field by field, as in Istio (a field the subset leaves out is inherited).</summary>
internal static class TrafficPolicyMerge
{
    public static TrafficPolicy? Merge(TrafficPolicy? rule, TrafficPolicy? subset)
    {
        if (subset is null)
        {
            return rule;
        }

        if (rule is null)
        {
            return subset;
        }

        return new TrafficPolicy
        {
            LoadBalancer = subset.LoadBalancer ?? rule.LoadBalancer,
            ConnectionPool = subset.ConnectionPool ?? rule.ConnectionPool,
            OutlierDetection = subset.OutlierDetection ?? rule.OutlierDetection,
            Tls = subset.Tls ?? rule.Tls,
            RetryBudget = subset.RetryBudget ?? rule.RetryBudget,
            PortLevelSettings = subset.PortLevelSettings ?? rule.PortLevelSettings,
        };
    }
}

namespace Mesh.Policy.Resources;

/// <summary>
/// Which workloads a workload-scoped policy (PeerAuthentication, AuthorizationPolicy) reaches, as Istio scopes them:
/// a policy in the root namespace reaches every namespace, any other only its own; a selector then narrows it to
/// the workloads whose labels match.
/// </summary>
public static class PolicyScope
{
    /// <summary>Istio's root namespace, the home of mesh-wide policy, used wherever none is configured.</summary>
    public const string DefaultRootNamespace = "istio-system";

    /// <summary>True when a policy in <paramref name="policyNamespace"/> can reach workloads of <paramref name="workloadNamespace"/>.</summary>
    /// <param name="policyNamespace">The policy's namespace.</param>
    /// <param name="workloadNamespace">The workload's namespace.</param>
    /// <param name="rootNamespace">The mesh's root namespace (<see cref="DefaultRootNamespace"/> unless configured).</param>
    public static bool ReachesNamespace(string policyNamespace, string workloadNamespace, string rootNamespace) =>
        policyNamespace == workloadNamespace || policyNamespace == rootNamespace;

    /// <summary>
    /// True when a policy in <paramref name="policyNamespace"/> with <paramref name="selector"/> applies to a workload:
    /// the policy reaches its namespace (<see cref="ReachesNamespace"/>) and the selector, if any, matches its labels.
    /// </summary>
    /// <param name="policyNamespace">The policy's namespace.</param>
    /// <param name="selector">The policy's selector; null or without labels selects every workload it reaches.</param>
    /// <param name="workloadNamespace">The workload's namespace.</param>
    /// <param name="workloadLabels">The workload's labels.</param>
    /// <param name="rootNamespace">The mesh's root namespace (<see cref="DefaultRootNamespace"/> unless configured).</param>
    public static bool AppliesTo(string policyNamespace, WorkloadSelector? selector, string workloadNamespace, IReadOnlyDictionary<string, string> workloadLabels, string rootNamespace) =>
        ReachesNamespace(policyNamespace, workloadNamespace, rootNamespace)
        && WorkloadSelector.Matches(selector?.MatchLabels, workloadLabels);
}

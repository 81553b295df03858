using Mesh.Policy.Resources;

namespace Mesh.Client.Security.Authorization;

/// <summary>
/// The workload that policies are selected for (this process): its namespace, labels and service account, and the
/// mesh-wide settings that scope policy (root namespace, trust domain).
/// </summary>
/// <param name="Namespace">This workload's namespace.</param>
/// <param name="Labels">Its labels (<c>app</c>, <c>version</c> and the others).</param>
/// <param name="ServiceAccount">Its service account, the destination of SMI TrafficTargets.</param>
/// <param name="RootNamespace">Policies here without a selector apply mesh-wide (Istio's <c>istio-system</c>).</param>
/// <param name="TrustDomain">The trust domain of principals Mesh derives (SMI sources, serviceAccounts).</param>
internal sealed record WorkloadScope(string Namespace, IReadOnlyDictionary<string, string> Labels, string ServiceAccount, string RootNamespace, string TrustDomain)
{
    /// <summary>True when a policy in <paramref name="policyNamespace"/> with <paramref name="selector"/> applies here.</summary>
    public bool Selects(string policyNamespace, WorkloadSelector? selector) =>
        PolicyScope.AppliesTo(policyNamespace, selector, Namespace, Labels, RootNamespace);
}

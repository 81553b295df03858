using Mesh.Policy.Resources;
using Mesh.Policy.Resources.Security;
using Mesh.Policy.Resources.Smi;

namespace Mesh.Client.Security.Authorization;

/// <summary>
/// Compiles the AuthorizationPolicies (and SMI TrafficTargets) that apply to this workload into an
/// <see cref="AuthorizationEngine"/>, whenever the policy changes. Selection follows Istio: a policy in the root
/// namespace without a selector is mesh-wide; one in this workload's namespace without a selector is namespace-wide;
/// a selector applies when all its labels are on this workload. AUDIT policies do not change decisions (Mesh has no
/// audit sink) and are left out.
/// </summary>
internal sealed class AuthorizationCompiler(WorkloadScope workload)
{
    public WorkloadScope Workload { get; } = workload;

    public AuthorizationEngine Compile(IReadOnlyCollection<MeshResource> resources, long revision)
    {
        var deny = new List<CompiledPolicy>();
        var allow = new List<CompiledPolicy>();
        foreach (var resource in resources)
        {
            if (resource is not AuthorizationPolicy policy || !Workload.Selects(policy.Key.Namespace, policy.Spec.Selector))
            {
                continue;
            }

            switch (policy.Spec.Action ?? AuthorizationAction.Allow)
            {
                case AuthorizationAction.Allow:
                    allow.Add(Compile(policy));
                    break;

                // CUSTOM is refused by validation; should one arrive anyway, fail closed: what it would have sent to an
                // external authorizer is denied here.
                case AuthorizationAction.Deny:
                case AuthorizationAction.Custom:
                    deny.Add(Compile(policy));
                    break;
            }
        }

        allow.AddRange(TrafficTargetCompiler.Compile(resources, Workload));

        // Stable order, so that logs name the same policy for the same request from one revision to the next.
        deny.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        allow.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return deny.Count == 0 && allow.Count == 0 ? AuthorizationEngine.AllowAll : new AuthorizationEngine([.. deny], [.. allow], revision);
    }

    private CompiledPolicy Compile(AuthorizationPolicy policy)
    {
        var ns = policy.Key.Namespace;
        var rules = new CompiledRule[policy.Spec.Rules?.Count ?? 0];
        for (var i = 0; i < rules.Length; i++)
        {
            var rule = policy.Spec.Rules![i];
            var from = new List<RequestPredicate>();
            foreach (var f in rule.From ?? [])
            {
                if (f.Source is { } source)
                {
                    from.Add(SourcePredicate.Create(source, ns, Workload.TrustDomain));
                }
            }

            var to = new List<RequestPredicate>();
            foreach (var t in rule.To ?? [])
            {
                if (t.Operation is { } operation)
                {
                    to.Add(OperationPredicate.Create(operation));
                }
            }

            var when = new List<RequestPredicate>();
            foreach (var condition in rule.When ?? [])
            {
                when.Add(ConditionPredicate.Create(condition, ns, Workload.TrustDomain));
            }

            rules[i] = new CompiledRule([.. from], [.. to], [.. when]);
        }

        return new CompiledPolicy(ns + "/" + policy.Key.Name, rules);
    }
}

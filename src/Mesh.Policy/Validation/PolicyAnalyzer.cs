using Mesh.Policy.Resources;
using Mesh.Policy.Resources.Networking;
using Mesh.Policy.Resources.Smi;

namespace Mesh.Policy.Validation;

/// <summary>
/// Cross-resource checks, as <c>istioctl analyze</c> makes them: references to subsets or route groups that no
/// resource defines, and several resources competing for the same host. These are warnings: each resource is
/// valid alone, and the missing piece may be applied next.
/// </summary>
public static class PolicyAnalyzer
{
    /// <summary>Analyzes a complete set of resources (what is stored plus what is being applied).</summary>
    public static IReadOnlyList<PolicyDiagnostic> Analyze(IEnumerable<MeshResource> resources)
    {
        var all = resources.ToList();
        var warnings = new List<PolicyDiagnostic>();
        var subsets = SubsetsByHost(all, warnings);
        var virtualServiceHosts = new Dictionary<string, VirtualService>(StringComparer.Ordinal);

        foreach (var resource in all)
        {
            switch (resource)
            {
                case VirtualService vs:
                    CheckVirtualService(vs, subsets, virtualServiceHosts, warnings);
                    break;
                case TrafficSplit ts:
                    CheckTrafficSplit(ts, all, warnings);
                    break;
                case TrafficTarget tt:
                    CheckTrafficTarget(tt, all, warnings);
                    break;
            }
        }

        return warnings;
    }

    private static Dictionary<string, HashSet<string>> SubsetsByHost(List<MeshResource> all, List<PolicyDiagnostic> warnings)
    {
        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var owners = new Dictionary<string, DestinationRule>(StringComparer.Ordinal);
        foreach (var dr in all.OfType<DestinationRule>())
        {
            if (dr.Spec.Host is null)
            {
                continue;
            }

            var host = ServiceHost.Qualify(dr.Spec.Host, dr.Key.Namespace);
            if (owners.TryGetValue(host, out var other))
            {
                warnings.Add(Warn(dr, "spec.host", $"{other.Key} also configures host {host}; Mesh merges neither: the older one takes effect"));
            }

            owners[host] = dr;
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var subset in dr.Spec.Subsets ?? [])
            {
                if (subset.Name is not null)
                {
                    names.Add(subset.Name);
                }
            }

            result[host] = names;
        }

        return result;
    }

    private static void CheckVirtualService(VirtualService vs, Dictionary<string, HashSet<string>> subsets, Dictionary<string, VirtualService> hosts, List<PolicyDiagnostic> warnings)
    {
        var ns = vs.Key.Namespace;
        foreach (var host in vs.Spec.Hosts ?? [])
        {
            var qualified = ServiceHost.Qualify(host, ns);
            // A VirtualService may name one host in several forms (reviews, reviews.default.svc.cluster.local).
            if (hosts.TryGetValue(qualified, out var other) && !ReferenceEquals(other, vs))
            {
                warnings.Add(Warn(vs, "spec.hosts", $"{other.Key} also routes host {qualified}; only one VirtualService per host takes effect"));
            }

            hosts[qualified] = vs;
        }

        for (var i = 0; i < (vs.Spec.Http?.Count ?? 0); i++)
        {
            var route = vs.Spec.Http![i];
            var path = ValidationRules.Index("spec.http", i);
            for (var j = 0; j < (route.Route?.Count ?? 0); j++)
            {
                CheckSubset(vs, route.Route![j].Destination, ValidationRules.Index(path + ".route", j) + ".destination", subsets, warnings);
            }

            CheckSubset(vs, route.Mirror, path + ".mirror", subsets, warnings);
            for (var j = 0; j < (route.Mirrors?.Count ?? 0); j++)
            {
                CheckSubset(vs, route.Mirrors![j].Destination, ValidationRules.Index(path + ".mirrors", j) + ".destination", subsets, warnings);
            }
        }
    }

    private static void CheckSubset(VirtualService vs, Destination? destination, string path, Dictionary<string, HashSet<string>> subsets, List<PolicyDiagnostic> warnings)
    {
        if (destination?.Subset is not { } subset || destination.Host is null)
        {
            return;
        }

        var host = ServiceHost.Qualify(destination.Host, vs.Key.Namespace);
        if (!subsets.TryGetValue(host, out var defined))
        {
            warnings.Add(Warn(vs, path + ".subset", $"subset \"{subset}\" of host {destination.Host}: no DestinationRule defines subsets for {host} (requests to it will fail with 503 NC until one does)"));
        }
        else if (!defined.Contains(subset))
        {
            warnings.Add(Warn(vs, path + ".subset", $"subset \"{subset}\" is not defined by the DestinationRule for {host} (it defines {string.Join(", ", defined.Order(StringComparer.Ordinal))})"));
        }
    }

    private static void CheckTrafficSplit(TrafficSplit ts, List<MeshResource> all, List<PolicyDiagnostic> warnings)
    {
        for (var i = 0; i < (ts.Spec.Matches?.Count ?? 0); i++)
        {
            var name = ts.Spec.Matches![i].Name;
            if (name is not null && !all.Any(r => r is HttpRouteGroup && r.Key.Namespace == ts.Key.Namespace && r.Key.Name == name))
            {
                warnings.Add(Warn(ts, ValidationRules.Index("spec.matches", i), $"HTTPRouteGroup {ts.Key.Namespace}/{name} does not exist"));
            }
        }
    }

    private static void CheckTrafficTarget(TrafficTarget tt, List<MeshResource> all, List<PolicyDiagnostic> warnings)
    {
        for (var i = 0; i < (tt.Spec.Rules?.Count ?? 0); i++)
        {
            var rule = tt.Spec.Rules![i];
            var path = ValidationRules.Index("spec.rules", i);
            var target = all.FirstOrDefault(r => r.Kind == rule.Kind && r.Key.Namespace == tt.Key.Namespace && r.Key.Name == rule.Name);
            if (target is null)
            {
                warnings.Add(Warn(tt, path, $"{rule.Kind} {tt.Key.Namespace}/{rule.Name} does not exist"));
                continue;
            }

            if (target is HttpRouteGroup group)
            {
                foreach (var match in rule.Matches ?? [])
                {
                    if (group.Spec.Matches?.Any(m => m.Name == match) != true)
                    {
                        warnings.Add(Warn(tt, path + ".matches", $"HTTPRouteGroup {group.Key.Namespace}/{group.Key.Name} has no match named \"{match}\""));
                    }
                }
            }
        }
    }

    private static PolicyDiagnostic Warn(MeshResource resource, string path, string message) =>
        new(DiagnosticSeverity.Warning, null, 0, resource.Kind, resource.Key.Namespace, resource.Key.Name, path, message);
}

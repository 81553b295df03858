using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mesh.Policy.Parsing;
using Mesh.Policy.Resources;
using Mesh.Policy.Resources.Networking;
using Mesh.Policy.Resources.Security;
using Mesh.Policy.Resources.Smi;
using Mesh.Policy.Serialization;
using Mesh.Policy.Validation;
using Mesh.Server.Storage;

namespace Mesh.Server.Topology;

/// <summary>
/// One service's page: the routes and subsets that shape its traffic, every resource that applies to it (as YAML,
/// with the warnings validation and cross-resource analysis give), its versions and instances from the graph, and
/// the ejections its callers report.
/// </summary>
internal sealed class ServiceDetails(IResourceStore store, TopologyGraph graph, TopologyAggregator aggregator)
{
    public ServiceView? Build(string @namespace, string name)
    {
        var host = ServiceHost.Qualify(name, @namespace);
        // One read of what callers reported, for the graph and the ejections alike: a report arriving between two
        // reads made the page list an ejection that its instance did not show.
        var reporters = aggregator.Reporters();
        var topology = graph.Build(reporters);
        var versions = new List<NodeView>();
        foreach (var node in topology.Nodes)
        {
            if (node.Namespace == @namespace && node.Service == name)
            {
                versions.Add(node);
            }
        }

        var all = store.List(null, null).Items;
        var applying = new List<StoredResource>();
        var routes = new List<RouteView>();
        var subsets = new List<SubsetView>();
        var instanceLabels = InstanceLabels(all, @namespace, name);
        foreach (var stored in all)
        {
            var applies = stored.Resource switch
            {
                VirtualService vs => AddRoutes(vs, host, routes),
                DestinationRule dr => AddSubsets(dr, host, instanceLabels, subsets),
                ServiceEntry se => se.Spec.Hosts?.Exists(h => ServiceHost.Qualify(h, se.Key.Namespace) == host) == true,
                TrafficSplit ts => AddSplit(ts, host, routes),
                PeerAuthentication pa => Selects(pa.Key.Namespace, pa.Spec.Selector, @namespace, instanceLabels),
                AuthorizationPolicy ap => Selects(ap.Key.Namespace, ap.Spec.Selector, @namespace, instanceLabels),
                _ => false,
            };
            if (applies)
            {
                applying.Add(stored);
            }
        }

        if (versions.Count == 0 && applying.Count == 0)
        {
            return null;
        }

        var analysis = PolicyAnalyzer.Analyze(all.Select(static s => s.Resource));
        var policies = new List<PolicyView>(applying.Count);
        foreach (var stored in applying)
        {
            policies.Add(Policy(stored, analysis));
        }

        var ejected = new List<EjectionView>();
        foreach (var reporter in reporters)
        {
            foreach (var ejection in reporter.Ejected)
            {
                if (ejection.Host == host)
                {
                    ejected.Add(new EjectionView(ejection.Endpoint, ejection.Subset, reporter.Workload.Id, ejection.RemainingSeconds));
                }
            }
        }

        var ids = new HashSet<string>(versions.Select(static v => v.Id), StringComparer.Ordinal);
        var inbound = topology.Edges.Where(e => ids.Contains(e.Destination)).ToList();
        var outbound = topology.Edges.Where(e => ids.Contains(e.Source)).ToList();
        return new ServiceView(@namespace, name, host, versions, routes, subsets, policies, ejected, inbound, outbound);
    }

    private static bool AddRoutes(VirtualService vs, string host, List<RouteView> routes)
    {
        if (vs.Spec.Hosts?.Exists(h => ServiceHost.Qualify(h, vs.Key.Namespace) == host) != true)
        {
            return false;
        }

        var policy = "VirtualService " + vs.Key.Namespace + "/" + vs.Key.Name;
        for (var i = 0; i < (vs.Spec.Http?.Count ?? 0); i++)
        {
            var route = vs.Spec.Http![i];
            var destinations = new List<RouteDestinationView>();
            var count = route.Route?.Count ?? 0;
            foreach (var d in route.Route ?? [])
            {
                // Istio: a lone destination without a weight takes everything.
                destinations.Add(new RouteDestinationView(d.Destination?.Host ?? "", d.Destination?.Subset, d.Weight ?? (count == 1 ? 100 : 0)));
            }

            routes.Add(new RouteView(
                policy,
                route.Name ?? "#" + i.ToString(CultureInfo.InvariantCulture),
                Node(route.Match),
                destinations,
                route.Timeout?.ToString(),
                Node(route.Retries),
                Node(route.Fault),
                route.Mirror is { } m ? m.Host + (m.Subset is null ? "" : " (" + m.Subset + ")") : null));
        }

        return true;
    }

    private static bool AddSplit(TrafficSplit ts, string host, List<RouteView> routes)
    {
        if (ts.Spec.Service is not { } service || ServiceHost.Qualify(service, ts.Key.Namespace) != host)
        {
            return false;
        }

        var destinations = new List<RouteDestinationView>();
        foreach (var backend in ts.Spec.Backends ?? [])
        {
            destinations.Add(new RouteDestinationView(backend.Service ?? "", null, backend.Weight));
        }

        routes.Add(new RouteView("TrafficSplit " + ts.Key.Namespace + "/" + ts.Key.Name, "split", Node(ts.Spec.Matches), destinations, null, null, null, null));
        return true;
    }

    private static bool AddSubsets(DestinationRule dr, string host, List<Dictionary<string, string>> instances, List<SubsetView> subsets)
    {
        if (dr.Spec.Host is not { } drHost || ServiceHost.Qualify(drHost, dr.Key.Namespace) != host)
        {
            return false;
        }

        foreach (var subset in dr.Spec.Subsets ?? [])
        {
            var labels = subset.Labels ?? [];
            var selected = instances.Count(i => WorkloadSelector.Matches(labels, i));
            subsets.Add(new SubsetView("DestinationRule " + dr.Key.Namespace + "/" + dr.Key.Name, subset.Name ?? "", labels, selected, Node(subset.TrafficPolicy)));
        }

        return true;
    }

    private static bool Selects(string policyNamespace, WorkloadSelector? selector, string @namespace, List<Dictionary<string, string>> instances)
    {
        // The server has no root-namespace setting, so mesh-wide policy lives where the clients' default puts it.
        if (!PolicyScope.ReachesNamespace(policyNamespace, @namespace, PolicyScope.DefaultRootNamespace))
        {
            return false;
        }

        // A namespace-wide policy applies even before any instance has registered.
        return selector?.MatchLabels is not { Count: > 0 } || instances.Exists(selector.Matches);
    }

    private static List<Dictionary<string, string>> InstanceLabels(IReadOnlyList<StoredResource> all, string @namespace, string name)
    {
        var result = new List<Dictionary<string, string>>();
        foreach (var stored in all)
        {
            if (stored.Resource is WorkloadEntry we && we.Key.Namespace == @namespace && we.Spec.Labels?.GetValueOrDefault("app") == name)
            {
                result.Add(we.Spec.Labels);
            }
        }

        if (result.Count == 0)
        {
            result.Add(new Dictionary<string, string>(StringComparer.Ordinal) { ["app"] = name });
        }

        return result;
    }

    private static PolicyView Policy(StoredResource stored, IReadOnlyList<PolicyDiagnostic> analysis)
    {
        var key = stored.Key;
        // The stored resource was valid when applied; parsing it again gives its warnings (fields not enforced yet).
        var warnings = new List<PolicyDiagnostic>(PolicyParser.ParseNodes([stored.Json.DeepClone()], "store").Warnings);
        foreach (var diagnostic in analysis)
        {
            if (diagnostic.Kind == key.Kind && diagnostic.Namespace == key.Namespace && diagnostic.Name == key.Name)
            {
                warnings.Add(diagnostic);
            }
        }

        return new PolicyView(key.Kind, key.Namespace, key.Name, PolicySerializer.ToYaml(stored.Resource), warnings);
    }

    private static JsonNode? Node(object? value) =>
        value is null ? null : JsonSerializer.SerializeToNode(value, value.GetType(), PolicySerializer.Options);
}

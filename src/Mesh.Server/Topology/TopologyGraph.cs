using System.Globalization;
using Mesh.Policy.Resources;
using Mesh.Policy.Resources.Networking;
using Mesh.Server.Hosting;
using Mesh.Server.Registry;
using Mesh.Server.Storage;

namespace Mesh.Server.Topology;

/// <summary>
/// Builds the graph the dashboard draws: nodes from the instances the store holds (registered with leases, or
/// static WorkloadEntries) and from the callers and destinations seen in traffic; edges from the aggregator's
/// windows; instance health from leases and from the ejections callers report.
/// </summary>
internal sealed class TopologyGraph(IResourceStore store, InstanceRegistry registry, TopologyAggregator aggregator, MeshServerOptions options, TimeProvider time)
{
    /// <summary>Below this inbound success rate a node is degraded (Kiali's default warning threshold is similar).</summary>
    private const double DegradedBelow = 0.99;

    /// <summary>Below this inbound success rate a node is failing.</summary>
    private const double FailingBelow = 0.8;

    public TopologyView Build() => Build(aggregator.Reporters());

    /// <summary>The graph as <paramref name="reporters"/> (one read of the aggregator) describe it.</summary>
    public TopologyView Build(IReadOnlyList<ReporterState> reporters)
    {
        var ejectedBy = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var certificates = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var reporter in reporters)
        {
            foreach (var ejection in reporter.Ejected)
            {
                var list = ejectedBy.TryGetValue(ejection.Endpoint, out var l) ? l : ejectedBy[ejection.Endpoint] = [];
                var who = reporter.Workload.Id;
                if (!list.Contains(who))
                {
                    list.Add(who);
                }
            }

            if (reporter.Source.InstanceId is { } id && reporter.CertificateNotAfter is { } notAfter)
            {
                certificates[id] = notAfter;
            }
        }

        var nodes = new SortedDictionary<string, NodeBuilder>(StringComparer.Ordinal);
        foreach (var stored in store.List(ResourceKinds.WorkloadEntry.Kind, null).Items)
        {
            if (stored.Resource is not WorkloadEntry we || Label(we, "app") is not { } app)
            {
                continue;
            }

            var key = new WorkloadKey(we.Key.Namespace, app, Label(we, "version") ?? "");
            Node(nodes, key, "service").Instances.Add(Instance(we, ejectedBy, certificates));
        }

        var edges = new List<EdgeView>();
        foreach (var (key, stats) in aggregator.Edges())
        {
            Node(nodes, key.Source, "client");
            var destination = Node(nodes, key.Destination, key.Destination.Namespace.Length == 0 ? "external" : "service");
            destination.Requests += stats.Requests;
            destination.Errors += stats.Errors;
            destination.Rps += stats.Rps;
            edges.Add(new EdgeView(key.Source.Id, key.Destination.Id, stats.Requests, stats.Errors, Round(stats.Rps), Math.Round(stats.SuccessRate ?? 1, 4), Round(stats.P50), Round(stats.P99)));
        }

        edges.Sort(static (a, b) => string.CompareOrdinal(a.Source + ">" + a.Destination, b.Source + ">" + b.Destination));
        var views = new List<NodeView>(nodes.Count);
        foreach (var (_, node) in nodes)
        {
            views.Add(node.ToView());
        }

        return new TopologyView(time.GetUtcNow(), aggregator.Options.Window.TotalSeconds, views, edges);
    }

    private InstanceView Instance(WorkloadEntry we, Dictionary<string, List<string>> ejectedBy, Dictionary<string, DateTimeOffset> certificates)
    {
        var address = we.Spec.Address ?? "";
        var host = address.Contains(':', StringComparison.Ordinal) ? "[" + address + "]" : address;
        var port = 0;
        foreach (var (_, p) in we.Spec.Ports ?? [])
        {
            port = p;
            break;
        }

        var endpoint = host + ":" + port.ToString(CultureInfo.InvariantCulture);
        var id = InstanceRegistry.InstanceId(we);
        string lease;
        double? remaining = null;
        if (id is null)
        {
            lease = "static";
        }
        else if (registry.LeaseRemaining(id) is { } left)
        {
            remaining = Math.Round(left.TotalSeconds, 1);
            // Heartbeats come every third of the TTL: under a third left means at least one was missed.
            lease = left <= TimeSpan.Zero ? "expired" : left < options.LeaseTtl / 3 ? "late" : "live";
        }
        else
        {
            lease = "expired";
        }

        return new InstanceView(
            we.Key.Name,
            endpoint,
            id,
            lease,
            remaining,
            ejectedBy.TryGetValue(endpoint, out var by) ? by : [],
            id is not null && certificates.TryGetValue(id, out var notAfter) ? notAfter : null);
    }

    private static NodeBuilder Node(SortedDictionary<string, NodeBuilder> nodes, WorkloadKey key, string kind)
    {
        if (!nodes.TryGetValue(key.Id, out var node))
        {
            node = nodes[key.Id] = new NodeBuilder(key, kind);
        }
        else if (kind != "client" && node.Kind == "client")
        {
            node.Kind = kind;
        }

        return node;
    }

    private static string? Label(WorkloadEntry we, string name) =>
        we.Spec.Labels?.GetValueOrDefault(name) ?? we.Metadata.Labels?.GetValueOrDefault(name);

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 3) : null;

    private static double Round(double value) => Math.Round(value, 3);

    private sealed class NodeBuilder(WorkloadKey key, string kind)
    {
        public string Kind { get; set; } = kind;

        public List<InstanceView> Instances { get; } = [];

        public long Requests { get; set; }

        public long Errors { get; set; }

        public double Rps { get; set; }

        public NodeView ToView()
        {
            double? success = Requests > 0 ? (Requests - Errors) / (double)Requests : null;
            return new NodeView(key.Id, key.Namespace, key.Service, key.Version, Kind, Instances, Health(success), Math.Round(Rps, 3), success is { } s ? Math.Round(s, 4) : null);
        }

        private string Health(double? success)
        {
            var live = 0;
            var troubled = false;
            foreach (var instance in Instances)
            {
                if (instance.Lease is "live" or "late" or "static")
                {
                    live++;
                }

                troubled |= instance.Lease is "late" or "expired" || instance.EjectedBy.Count > 0;
            }

            if ((Kind == "service" && Instances.Count > 0 && live == 0) || success < FailingBelow)
            {
                return "failing";
            }

            if (troubled || success < DegradedBelow)
            {
                return "degraded";
            }

            return Instances.Count > 0 || success is not null ? "healthy" : "unknown";
        }
    }
}

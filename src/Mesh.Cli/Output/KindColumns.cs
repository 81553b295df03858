using System.Globalization;
using System.Text.Json;
using Mesh.Policy.Resources;
using Mesh.Policy.Resources.Networking;
using Mesh.Policy.Resources.Security;
using Mesh.Policy.Resources.Smi;

namespace Mesh.Cli.Output;

/// <summary>
/// The kind-specific columns of <c>meshctl get</c>, between NAME and AGE: what a user scans the list for,
/// following Istio's own printer columns where it has them (HOSTS, MODE, ACTION…).
/// </summary>
internal static class KindColumns
{
    private const string None = "<none>";

    private static readonly Dictionary<ResourceKind, Column[]> Columns = new()
    {
        [ResourceKinds.VirtualService] =
        [
            Column.Of<VirtualService>("HOSTS", vs => List(vs.Spec.Hosts)),
            Column.Of<VirtualService>("ROUTES", vs => Count(vs.Spec.Http)),
        ],
        [ResourceKinds.DestinationRule] =
        [
            Column.Of<DestinationRule>("HOST", dr => dr.Spec.Host ?? None),
            Column.Of<DestinationRule>("SUBSETS", dr => List(dr.Spec.Subsets?.Select(s => s.Name ?? ""))),
        ],
        [ResourceKinds.ServiceEntry] =
        [
            Column.Of<ServiceEntry>("HOSTS", se => List(se.Spec.Hosts)),
            Column.Of<ServiceEntry>("LOCATION", se => Enum(se.Spec.Location)),
            Column.Of<ServiceEntry>("RESOLUTION", se => Enum(se.Spec.Resolution)),
        ],
        [ResourceKinds.WorkloadEntry] =
        [
            Column.Of<WorkloadEntry>("ADDRESS", we => we.Spec.Address ?? None),
            Column.Of<WorkloadEntry>("APP", we => Label(we.Spec.Labels, "app")),
            Column.Of<WorkloadEntry>("VERSION", we => Label(we.Spec.Labels, "version")),
            Column.Of<WorkloadEntry>("SERVICE-ACCOUNT", we => we.Spec.ServiceAccount ?? None),
        ],
        [ResourceKinds.PeerAuthentication] =
        [
            Column.Of<PeerAuthentication>("MODE", pa => Enum(pa.Spec.Mtls?.Mode)),
            Column.Of<PeerAuthentication>("SELECTOR", pa => Labels(pa.Spec.Selector?.MatchLabels)),
        ],
        [ResourceKinds.AuthorizationPolicy] =
        [
            // Istio's default action is ALLOW; show it, since the difference is what the user is checking.
            Column.Of<AuthorizationPolicy>("ACTION", ap => ap.Spec.Action is null ? "ALLOW" : Enum(ap.Spec.Action)),
            Column.Of<AuthorizationPolicy>("RULES", ap => Count(ap.Spec.Rules)),
            Column.Of<AuthorizationPolicy>("SELECTOR", ap => Labels(ap.Spec.Selector?.MatchLabels)),
        ],
        [ResourceKinds.TrafficSplit] =
        [
            Column.Of<TrafficSplit>("SERVICE", ts => ts.Spec.Service ?? None),
            Column.Of<TrafficSplit>("BACKENDS", ts => List(ts.Spec.Backends?.Select(b => b.Service + ":" + b.Weight.ToString(CultureInfo.InvariantCulture)))),
        ],
        [ResourceKinds.TrafficTarget] =
        [
            Column.Of<TrafficTarget>("DESTINATION", tt => tt.Spec.Destination?.Name ?? None),
            Column.Of<TrafficTarget>("SOURCES", tt => List(tt.Spec.Sources?.Select(s => s.Name ?? ""))),
        ],
        [ResourceKinds.HttpRouteGroup] =
        [
            Column.Of<HttpRouteGroup>("MATCHES", g => List(g.Spec.Matches?.Select(m => m.Name ?? ""))),
        ],
        [ResourceKinds.TcpRoute] =
        [
            Column.Of<TcpRoute>("PORTS", r => List(r.Spec.Matches?.Ports?.Select(p => p.ToString(CultureInfo.InvariantCulture)))),
        ],
    };

    /// <summary>The columns for <paramref name="kind"/>; none for a kind without any.</summary>
    public static IReadOnlyList<Column> For(ResourceKind kind) => Columns.GetValueOrDefault(kind) ?? [];

    private static string List(IEnumerable<string>? values)
    {
        var text = values is null ? "" : string.Join(",", values);
        return text.Length == 0 ? None : text;
    }

    private static string Count<T>(List<T>? items) => (items?.Count ?? 0).ToString(CultureInfo.InvariantCulture);

    private static string Label(Dictionary<string, string>? labels, string key) =>
        labels is not null && labels.TryGetValue(key, out var value) ? value : None;

    private static string Labels(Dictionary<string, string>? labels) =>
        labels is null || labels.Count == 0 ? None : string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value));

    // Istio writes enums in SCREAMING_SNAKE_CASE (MESH_EXTERNAL, STRICT); print them as they are written.
    private static string Enum<T>(T? value)
        where T : struct, System.Enum =>
        value is null ? None : JsonNamingPolicy.SnakeCaseUpper.ConvertName(value.Value.ToString());
}

using Mesh.Policy.Resources.Networking;
using Mesh.Policy.Resources.Security;
using Mesh.Policy.Resources.Smi;

namespace Mesh.Policy.Resources;

/// <summary>The table of kinds Mesh accepts, and lookups by kind, plural or short name.</summary>
public static class ResourceKinds
{
    private static readonly string[] NetworkingVersions = ["v1", "v1beta1", "v1alpha3"];
    private static readonly string[] SecurityVersions = ["v1", "v1beta1"];

    /// <summary>Istio VirtualService.</summary>
    public static readonly ResourceKind VirtualService = new("VirtualService", "networking.istio.io", NetworkingVersions, "virtualservices", ["vs"], typeof(VirtualService), () => new VirtualService());

    /// <summary>Istio DestinationRule.</summary>
    public static readonly ResourceKind DestinationRule = new("DestinationRule", "networking.istio.io", NetworkingVersions, "destinationrules", ["dr"], typeof(DestinationRule), () => new DestinationRule());

    /// <summary>Istio ServiceEntry.</summary>
    public static readonly ResourceKind ServiceEntry = new("ServiceEntry", "networking.istio.io", NetworkingVersions, "serviceentries", ["se"], typeof(ServiceEntry), () => new ServiceEntry());

    /// <summary>Istio WorkloadEntry; also how live instances from the registry appear.</summary>
    public static readonly ResourceKind WorkloadEntry = new("WorkloadEntry", "networking.istio.io", NetworkingVersions, "workloadentries", ["we"], typeof(WorkloadEntry), () => new WorkloadEntry());

    /// <summary>Istio PeerAuthentication.</summary>
    public static readonly ResourceKind PeerAuthentication = new("PeerAuthentication", "security.istio.io", SecurityVersions, "peerauthentications", ["pa"], typeof(PeerAuthentication), () => new PeerAuthentication());

    /// <summary>Istio AuthorizationPolicy.</summary>
    public static readonly ResourceKind AuthorizationPolicy = new("AuthorizationPolicy", "security.istio.io", SecurityVersions, "authorizationpolicies", ["ap", "authz"], typeof(AuthorizationPolicy), () => new AuthorizationPolicy());

    /// <summary>SMI TrafficSplit.</summary>
    public static readonly ResourceKind TrafficSplit = new("TrafficSplit", "split.smi-spec.io", ["v1alpha4", "v1alpha3", "v1alpha2"], "trafficsplits", ["ts"], typeof(TrafficSplit), () => new TrafficSplit());

    /// <summary>SMI TrafficTarget.</summary>
    public static readonly ResourceKind TrafficTarget = new("TrafficTarget", "access.smi-spec.io", ["v1alpha3", "v1alpha2"], "traffictargets", ["tt"], typeof(TrafficTarget), () => new TrafficTarget());

    /// <summary>SMI HTTPRouteGroup.</summary>
    public static readonly ResourceKind HttpRouteGroup = new("HTTPRouteGroup", "specs.smi-spec.io", ["v1alpha4", "v1alpha3"], "httproutegroups", ["hrg"], typeof(HttpRouteGroup), () => new HttpRouteGroup());

    /// <summary>SMI TCPRoute (referenced by TrafficTarget rules).</summary>
    public static readonly ResourceKind TcpRoute = new("TCPRoute", "specs.smi-spec.io", ["v1alpha4", "v1alpha3"], "tcproutes", ["tcpr"], typeof(TcpRoute), () => new TcpRoute());

    /// <summary>Every kind Mesh accepts, in the order <c>meshctl get all</c> lists them.</summary>
    public static readonly IReadOnlyList<ResourceKind> All =
    [
        VirtualService, DestinationRule, ServiceEntry, WorkloadEntry, PeerAuthentication, AuthorizationPolicy,
        TrafficSplit, TrafficTarget, HttpRouteGroup, TcpRoute,
    ];

    private const string KubernetesObject = "it is a Kubernetes object, not mesh policy; deploy it with kubectl (services join the mesh by registering with the control server)";

    /// <summary>Kinds that users write in the same files but that Mesh does not implement, with the reason.</summary>
    private static readonly Dictionary<string, string> KnownUnsupported = new(StringComparer.Ordinal)
    {
        ["Gateway"] = "Mesh has no ingress or egress gateway; services are reached directly",
        ["RequestAuthentication"] = "end-user JWT authentication is not implemented",
        ["Sidecar"] = "there is no sidecar to configure: the mesh lives in each service",
        ["Telemetry"] = "telemetry is configured in code (AddSource(\"Mesh\") / AddMeter(\"Mesh\"))",
        ["EnvoyFilter"] = "there is no Envoy",
        ["WasmPlugin"] = "there is no Envoy",
        ["WorkloadGroup"] = "instances register themselves with the control server",
        ["ProxyConfig"] = "there is no proxy",
        ["UDPRoute"] = "Mesh handles HTTP traffic only",
        ["HTTPRoute"] = "Gateway API routes are not implemented; use a VirtualService",
        ["Service"] = KubernetesObject,
        ["ServiceAccount"] = KubernetesObject,
        ["Deployment"] = KubernetesObject,
    };

    /// <summary>Finds a kind by its name (<c>VirtualService</c>), plural or short name, ignoring case.</summary>
    public static ResourceKind? Find(string name)
    {
        foreach (var k in All)
        {
            if (string.Equals(k.Kind, name, StringComparison.OrdinalIgnoreCase)
                || string.Equals(k.Plural, name, StringComparison.OrdinalIgnoreCase))
            {
                return k;
            }

            foreach (var s in k.ShortNames)
            {
                if (string.Equals(s, name, StringComparison.OrdinalIgnoreCase))
                {
                    return k;
                }
            }
        }

        return null;
    }

    /// <summary>Finds a kind by its exact (case-sensitive) kind name, as written in a document.</summary>
    public static ResourceKind? FindExact(string kind)
    {
        foreach (var k in All)
        {
            if (k.Kind == kind)
            {
                return k;
            }
        }

        return null;
    }

    /// <summary>The reason a known but unimplemented kind is refused, or null.</summary>
    public static string? UnsupportedReason(string kind) => KnownUnsupported.GetValueOrDefault(kind);

    /// <summary>The names of every supported kind, comma separated, for error messages.</summary>
    public static string SupportedKindList => string.Join(", ", All.Select(k => k.Kind));
}

using Mesh.Policy.Resources;

namespace Mesh.Client;

/// <summary>
/// Who this service is in the mesh and where its policy comes from. Bound from the <c>Mesh</c> configuration
/// section and <c>MESH_*</c> environment variables by <c>AddMesh()</c>; validated at start-up.
/// </summary>
public sealed class MeshOptions
{
    /// <summary>The configuration section read by <c>AddMesh()</c>.</summary>
    public const string SectionName = "Mesh";

    /// <summary>The service name, as callers address it (<c>reviews</c>). Required. Env: <c>MESH_SERVICE</c>.</summary>
    public string? ServiceName { get; set; }

    /// <summary>The namespace. <value>Default: <c>default</c>.</value> Env: <c>MESH_NAMESPACE</c>.</summary>
    public string Namespace { get; set; } = "default";

    /// <summary>The service account, i.e. the identity. <value>Default: the service name.</value> Env: <c>MESH_SERVICE_ACCOUNT</c>.</summary>
    public string? ServiceAccount { get; set; }

    /// <summary>The version label (<c>v1</c>), used by DestinationRule subsets. Env: <c>MESH_VERSION</c>.</summary>
    public string? Version { get; set; }

    /// <summary>Other labels of this instance.</summary>
    public Dictionary<string, string> Labels { get; } = new(StringComparer.Ordinal);

    /// <summary><c>region/zone/subzone</c>. Env: <c>MESH_LOCALITY</c>.</summary>
    public string? Locality { get; set; }

    /// <summary>
    /// Control server URLs, tried in order (<c>http://127.0.0.1:15010</c>). Empty means embedded mode: policy
    /// from <see cref="PolicyFiles"/> only. Env: <c>MESH_CONTROL_PLANE</c> (comma-separated).
    /// </summary>
    public List<string> ControlPlane { get; } = [];

    /// <summary>The join token for the control server. Env: <c>MESH_JOIN_TOKEN</c>.</summary>
    public string? JoinToken { get; set; }

    /// <summary>
    /// YAML or JSON files (or directories of them) with policy and endpoints (WorkloadEntry, ServiceEntry), used
    /// without a control server and watched for changes. Env: <c>MESH_POLICY_FILES</c> (comma-separated).
    /// </summary>
    public List<string> PolicyFiles { get; } = [];

    /// <summary>
    /// The address other instances should use to reach this one, when the bound address is a wildcard
    /// (<c>0.0.0.0</c>, <c>[::]</c>). <value>Default: <c>127.0.0.1</c>.</value> Env: <c>MESH_ADVERTISE_ADDRESS</c>.
    /// </summary>
    public string AdvertiseAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// What happens to requests for hosts that are neither mesh services nor in a ServiceEntry:
    /// <see cref="Client.OutboundTrafficPolicy.AllowAny"/> (Istio's default) passes them through,
    /// <see cref="Client.OutboundTrafficPolicy.RegistryOnly"/> refuses them with 502. Env: <c>MESH_OUTBOUND_TRAFFIC_POLICY</c>
    /// (<c>ALLOW_ANY</c> or <c>REGISTRY_ONLY</c>).
    /// </summary>
    public OutboundTrafficPolicy OutboundTrafficPolicy { get; set; } = OutboundTrafficPolicy.AllowAny;

    /// <summary>
    /// The namespace whose selector-less PeerAuthentication (and other security policy) applies to the whole mesh,
    /// as Istio's root namespace. <value>Default: <c>istio-system</c>, so that Istio's files apply unchanged.</value>
    /// Env: <c>MESH_ROOT_NAMESPACE</c>.
    /// </summary>
    public string RootNamespace { get; set; } = PolicyScope.DefaultRootNamespace;

    /// <summary>Whether this instance registers itself with the control server. <value>Default: true.</value></summary>
    public bool Register { get; set; } = true;

    /// <summary>
    /// Whether this instance obtains a workload certificate (its SPIFFE identity,
    /// <c>spiffe://TRUST-DOMAIN/ns/NAMESPACE/sa/SERVICE-ACCOUNT</c>) from the control server's CA, renewing it at
    /// about half its life. Has no effect without a control server (local policy files: no identity).
    /// <value>Default: true.</value> Env: <c>MESH_REQUEST_CERTIFICATE</c> (<c>true</c>/<c>false</c>).
    /// </summary>
    public bool RequestCertificate { get; set; } = true;

    /// <summary>
    /// How long start-up waits for the first policy from the control server before serving with none (and
    /// continuing to retry). <value>Default: 10 s.</value>
    /// </summary>
    public TimeSpan InitialSyncTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often this instance reports its traffic per destination (counts, errors, latency buckets) to the control
    /// server for the live topology and dashboard; zero turns reporting off. Nothing is sent for an interval without
    /// traffic or news. <value>Default: 5 s.</value> Env: <c>MESH_TOPOLOGY_REPORT_INTERVAL</c> (seconds).
    /// </summary>
    public TimeSpan TopologyReportInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The mesh's trust domain: principals are <c>TRUST-DOMAIN/ns/NAMESPACE/sa/SERVICE-ACCOUNT</c>. Used where Mesh
    /// derives principals itself (SMI TrafficTarget sources, AuthorizationPolicy <c>serviceAccounts</c>).
    /// <value>Default: <c>cluster.local</c>.</value> Env: <c>MESH_TRUST_DOMAIN</c>.
    /// </summary>
    public string TrustDomain { get; set; } = Policy.Identity.SpiffeId.DefaultTrustDomain;

    /// <summary>
    /// Logs every inbound authorization decision (allowed and denied, with the policy that decided) at Information.
    /// When false, only denials are logged, at Debug. Callers never see which policy denied them.
    /// <value>Default: false.</value>
    /// </summary>
    public bool LogAuthorizationDecisions { get; set; }

    /// <summary>
    /// The trace-context formats written on outbound mesh requests (all formats are read inbound).
    /// <value>Default: <c>W3C | B3Multi</c> (what Istio's proxies read and write).</value> Env: <c>MESH_TRACE_PROPAGATION</c>
    /// (comma-separated: <c>w3c</c>, <c>b3multi</c>, <c>b3</c>, or <c>none</c>).
    /// </summary>
    public Telemetry.TracePropagation TracePropagation { get; set; } = Telemetry.TracePropagation.W3C | Telemetry.TracePropagation.B3Multi;

    /// <summary>The access log (off by default).</summary>
    public Telemetry.AccessLogOptions AccessLog { get; } = new();

    /// <summary>The service account in effect: <see cref="ServiceAccount"/> or the service name.</summary>
    public string EffectiveServiceAccount => ServiceAccount ?? ServiceName ?? "";

    /// <summary>This instance's labels: <see cref="Labels"/> plus <c>app</c> and <c>version</c>.</summary>
    public IReadOnlyDictionary<string, string> EffectiveLabels
    {
        get
        {
            var labels = new Dictionary<string, string>(Labels, StringComparer.Ordinal);
            if (ServiceName is not null)
            {
                labels["app"] = ServiceName;
            }

            if (Version is not null)
            {
                labels["version"] = Version;
            }

            return labels;
        }
    }
}

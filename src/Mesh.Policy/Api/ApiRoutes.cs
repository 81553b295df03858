namespace Mesh.Policy.Api;

/// <summary>The control server's HTTP paths, shared by the server and its clients.</summary>
public static class ApiRoutes
{
    /// <summary>Liveness and readiness: 200 when serving.</summary>
    public const string Health = "/healthz";

    /// <summary>POST YAML or JSON; <c>?dryRun=true</c> validates only. Admin token.</summary>
    public const string Apply = "/api/v1/apply";

    /// <summary>POST YAML or JSON naming resources to delete, atomically. Admin token.</summary>
    public const string Delete = "/api/v1/delete";

    /// <summary>GET <c>?kind=&amp;namespace=</c> lists; <c>/{plural}/{namespace}/{name}</c> gets or DELETEs one.</summary>
    public const string Resources = "/api/v1/resources";

    /// <summary>GET <c>?revision=R&amp;kinds=&amp;namespaces=&amp;hosts=&amp;timeoutSeconds=</c>: long-poll for changes after R.</summary>
    public const string Watch = "/api/v1/watch";

    /// <summary>POST an <see cref="InstanceRegistration"/>; <c>/{id}/heartbeat</c> (PUT) and <c>/{id}</c> (DELETE). Join token.</summary>
    public const string Instances = "/api/v1/registry/instances";

    /// <summary>
    /// POST a <see cref="CertificateSigningRequest"/> (or a bare PEM CSR): the CA signs a workload certificate for the
    /// SPIFFE identity the CSR names, if the token may obtain it. Join token (bound to identities) or admin token.
    /// </summary>
    public const string Certificates = "/api/v1/identity/certificates";

    /// <summary>GET the <see cref="TrustBundleResponse"/>: the trust domain and every root the mesh trusts. Join token.</summary>
    public const string TrustBundle = "/api/v1/identity/trust-bundle";

    /// <summary>POST a <see cref="JoinTokenRequest"/> to create a join token bound to identities; GET lists them; <c>/{id}</c> (DELETE) revokes one. Admin token.</summary>
    public const string Tokens = "/api/v1/tokens";

    /// <summary>GET the <see cref="StatusResponse"/>.</summary>
    public const string Status = "/api/v1/status";

    /// <summary>GET the live topology (services, versions, instances and edges with rates). POST to <c>/reports</c>: a <see cref="TopologyReport"/> (join token).</summary>
    public const string Topology = "/api/v1/topology";

    /// <summary>POST a <see cref="TopologyReport"/>. Join token.</summary>
    public const string TopologyReports = Topology + "/reports";

    /// <summary>GET <c>/{namespace}/{name}</c>: one service's routes, subsets, policies, instances and ejections.</summary>
    public const string Services = "/api/v1/services";

    /// <summary>The default control server address.</summary>
    public const string DefaultServer = "http://127.0.0.1:15010";
}

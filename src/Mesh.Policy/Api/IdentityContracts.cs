namespace Mesh.Policy.Api;

/// <summary>A workload's request for a certificate.</summary>
/// <param name="Csr">A PEM PKCS#10 request (<c>-----BEGIN CERTIFICATE REQUEST-----</c>), signed with the workload's
/// key, carrying the identity asked for as its only URI subject alternative name
/// (<c>spiffe://TRUST-DOMAIN/ns/NAMESPACE/sa/SERVICE-ACCOUNT</c>).</param>
public sealed record CertificateSigningRequest(string Csr);

/// <summary>A workload certificate issued by the control server's CA.</summary>
/// <param name="Identity">The SPIFFE identity in the certificate's URI SAN.</param>
/// <param name="CertificateChain">PEM: the leaf first, then any intermediates up to (not including) a root.</param>
/// <param name="TrustBundle">PEM: every root the mesh trusts (several during a root rotation).</param>
/// <param name="NotAfter">When the leaf expires; renew at about half its life.</param>
/// <param name="TrustBundleVersion">The bundle's version, as the watch reports it.</param>
public sealed record CertificateResponse(string Identity, string CertificateChain, string TrustBundle, DateTimeOffset NotAfter, string TrustBundleVersion);

/// <summary>The roots that workload certificates chain to.</summary>
/// <param name="TrustDomain">The trust domain the CA issues identities in (<c>cluster.local</c> by default).</param>
/// <param name="TrustBundle">PEM: every trusted root.</param>
/// <param name="Version">Changes whenever the set of roots changes (a digest of them).</param>
public sealed record TrustBundleResponse(string TrustDomain, string TrustBundle, string Version);

/// <summary>Asks for a join token bound to identities.</summary>
public sealed record JoinTokenRequest
{
    /// <summary>The namespace whose identities the token may obtain. Required.</summary>
    public required string Namespace { get; init; }

    /// <summary>The service accounts it may obtain in that namespace; <c>*</c> means any. At least one.</summary>
    public required IReadOnlyList<string> ServiceAccounts { get; init; }
}

/// <summary>A bound join token as listed (its secret is never shown again after creation).</summary>
/// <param name="Id">The id to revoke it with.</param>
/// <param name="Namespace">The namespace it is bound to.</param>
/// <param name="ServiceAccounts">The service accounts it may obtain (<c>*</c>: any in the namespace).</param>
/// <param name="CreatedAt">When it was created.</param>
public sealed record JoinTokenInfo(string Id, string Namespace, IReadOnlyList<string> ServiceAccounts, DateTimeOffset CreatedAt);

/// <summary>A join token just created.</summary>
/// <param name="Token">The secret to give the workload (<c>MESH_JOIN_TOKEN</c>); shown only now.</param>
/// <param name="Info">What it is bound to.</param>
public sealed record JoinTokenResponse(string Token, JoinTokenInfo Info);

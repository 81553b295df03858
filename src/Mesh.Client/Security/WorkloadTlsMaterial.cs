using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mesh.Client.Identity;

namespace Mesh.Client.Security;

/// <summary>
/// What TLS needs from one <see cref="WorkloadCertificate"/>, prepared once per issued certificate rather than per
/// connection: the certificate context that is sent (leaf and intermediates) and the chain policies that check
/// peers against the trust bundle only, never the machine's store.
/// </summary>
internal sealed class WorkloadTlsMaterial
{
    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    private readonly X509ChainPolicy _serverPolicy;
    private readonly X509ChainPolicy _clientPolicy;

    public WorkloadTlsMaterial(WorkloadCertificate certificate)
    {
        Certificate = certificate;
        Context = SslStreamCertificateContext.Create(certificate.Certificate, certificate.Intermediates, offline: true);
        _serverPolicy = Policy(certificate, ServerAuthOid);
        _clientPolicy = Policy(certificate, ClientAuthOid);
        Principal = certificate.Identity.Principal;

        // The bundle may hold roots that also sign for other trust domains (a rotation, a federation): chaining to
        // it is not enough. Without trust domain aliases a caller must be in this workload's own trust domain, and
        // one from elsewhere is refused in the handshake rather than left for authorization to deny.
        var trustDomain = certificate.Identity.TrustDomain;
        AcceptClient = (_, peer, _, errors) =>
            peer is not null && errors == SslPolicyErrors.None
            && SpiffeCertificates.TryGetSpiffeId(peer, out var id)
            && string.Equals(id.TrustDomain, trustDomain, StringComparison.OrdinalIgnoreCase);
    }

    public WorkloadCertificate Certificate { get; }

    /// <summary>The leaf and its intermediates, as sent in a handshake.</summary>
    public SslStreamCertificateContext Context { get; }

    /// <summary>This workload's own principal (<c>td/ns/N/sa/S</c>).</summary>
    public string Principal { get; }

    /// <summary>
    /// Checks a client's certificate in the handshake: it chains to the trust bundle and names a workload of this
    /// workload's trust domain. Made once per certificate, not per connection.
    /// </summary>
    public RemoteCertificateValidationCallback AcceptClient { get; }

    /// <summary>A fresh chain policy for checking a server's certificate (SslStream may add to its stores).</summary>
    public X509ChainPolicy ForServers() => _serverPolicy.Clone();

    /// <summary>A fresh chain policy for checking a client's certificate.</summary>
    public X509ChainPolicy ForClients() => _clientPolicy.Clone();

    private static X509ChainPolicy Policy(WorkloadCertificate certificate, string usage)
    {
        // The trust bundle alone decides (several roots during a rotation); mesh certificates are short-lived
        // and carry no revocation endpoints, so revocation is not checked, as in Istio.
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
            VerificationFlags = X509VerificationFlags.NoFlag,
        };
        policy.CustomTrustStore.AddRange(certificate.TrustBundle);
        policy.ExtraStore.AddRange(certificate.Intermediates);
        policy.ApplicationPolicy.Add(new Oid(usage));
        return policy;
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mesh.Policy.Identity;

/// <summary>
/// Builds the certificate signing request a workload sends to the control server's CA: its own key (which never
/// leaves the process) and the identity it asks for as the one URI SAN.
/// </summary>
public static class WorkloadCsr
{
    /// <summary>A new ECDSA P-256 key, the kind workloads use.</summary>
    public static ECDsa NewKey() => ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>A PEM PKCS#10 request for <paramref name="identity"/>, signed with <paramref name="key"/>.</summary>
    public static string Create(SpiffeId identity, ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(key);

        // The subject is informative only: peers check the URI SAN, and the CA sets the subject it wants.
        var request = new CertificateRequest(new X500DistinguishedName("O=" + identity.TrustDomain), key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddUri(identity.ToUri());
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSigningRequestPem();
    }
}

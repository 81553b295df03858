using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Mesh.Policy.Identity;

namespace Mesh.Server.Identity;

/// <summary>
/// The mesh CA: a signing certificate with its key (a root, or an intermediate under someone else's root), the
/// intermediates that chain it to a root, and the trust bundle. Signs workload certificates for SPIFFE
/// identities; deciding who may obtain which identity is the endpoint's job.
/// </summary>
internal sealed class CertificateAuthority
{
    // Workload clocks may run a little behind the server's; a certificate that is "not yet valid" for them would
    // fail every handshake until their clock caught up.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private static readonly OidCollection WorkloadUsages = [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")];

    private readonly X509Certificate2 _signer;
    private readonly TimeProvider _time;

    public CertificateAuthority(X509Certificate2 signer, IReadOnlyList<X509Certificate2> chain, TrustBundle bundle, string trustDomain, TimeSpan lifetime, TimeProvider time)
    {
        _signer = signer;
        _time = time;
        Bundle = bundle;
        TrustDomain = trustDomain;
        Lifetime = lifetime;

        // What follows a leaf on the wire: the signer and its intermediates, never a root (peers have the roots).
        var pem = new StringBuilder();
        foreach (var certificate in chain)
        {
            pem.Append(certificate.ExportCertificatePem()).Append('\n');
        }

        ChainPem = pem.ToString();
    }

    /// <summary>The trust domain identities are issued in.</summary>
    public string TrustDomain { get; }

    /// <summary>How long a workload certificate lives.</summary>
    public TimeSpan Lifetime { get; }

    /// <summary>The roots.</summary>
    public TrustBundle Bundle { get; }

    /// <summary>PEM of the certificates between a leaf and a root (empty when the signer is a root).</summary>
    public string ChainPem { get; }

    /// <summary>The signing certificate (without its key in what is served).</summary>
    public X509Certificate2 Signer => _signer;

    /// <summary>Signs a workload certificate for <paramref name="identity"/> over <paramref name="publicKey"/>.</summary>
    public X509Certificate2 Issue(SpiffeId identity, PublicKey publicKey)
    {
        var now = _time.GetUtcNow();
        var notBefore = Max(now - ClockSkew, _signer.NotBefore.ToUniversalTime());
        var notAfter = Min(now + Lifetime, _signer.NotAfter.ToUniversalTime());

        var padding = _signer.GetRSAPrivateKey() is null ? null : RSASignaturePadding.Pkcs1;
        var request = new CertificateRequest(new X500DistinguishedName("O=" + TrustDomain), publicKey, HashAlgorithmName.SHA256, padding);
        var isRsa = publicKey.Oid.Value == "1.2.840.113549.1.1.1";
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | (isRsa ? X509KeyUsageFlags.KeyEncipherment : X509KeyUsageFlags.KeyAgreement),
            critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(WorkloadUsages, critical: false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddUri(identity.ToUri());
        request.CertificateExtensions.Add(names.Build(critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(publicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_signer, true, false));
        return request.Create(_signer, notBefore, notAfter, NewSerial());
    }

    /// <summary>A random positive 128-bit serial number (RFC 5280 asks for at most 20 octets, unpredictable).</summary>
    public static byte[] NewSerial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x01);
        return serial;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mesh.Client.Identity;
using Mesh.Policy.Identity;

namespace Mesh.Testing;

/// <summary>
/// A small certificate authority for tests, built with System.Security.Cryptography's <see cref="CertificateRequest"/>
/// (ECDSA P-256, as the mesh CA): a self-signed root, optionally an intermediate, and short-lived leaves that carry
/// a SPIFFE URI SAN and both serverAuth and clientAuth, as Istio's workload certificates do. Also issues plain
/// server certificates with DNS names, for TLS origination tests.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    private readonly TimeProvider _time;
    private readonly X509Certificate2 _issuer;

    private TestCertificateAuthority(X509Certificate2 root, X509Certificate2? intermediate, string trustDomain, TimeProvider time)
    {
        Root = root;
        Intermediate = intermediate;
        TrustDomain = trustDomain;
        _time = time;
        _issuer = intermediate ?? root;
    }

    /// <summary>The self-signed root (with its private key).</summary>
    public X509Certificate2 Root { get; }

    /// <summary>The intermediate that signs leaves, when the CA has one.</summary>
    public X509Certificate2? Intermediate { get; }

    /// <summary>The trust domain of the identities it issues.</summary>
    public string TrustDomain { get; }

    /// <summary>Creates a CA; <paramref name="withIntermediate"/> puts an intermediate between root and leaves.</summary>
    public static TestCertificateAuthority Create(string name = "Mesh Test Root", bool withIntermediate = false, string trustDomain = SpiffeId.DefaultTrustDomain, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        var now = time.GetUtcNow();
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=" + name, rootKey, HashAlgorithmName.SHA256);
        AddCaExtensions(rootRequest);
        var root = rootRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        X509Certificate2? intermediate = null;
        if (withIntermediate)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=" + name + " Intermediate", key, HashAlgorithmName.SHA256);
            AddCaExtensions(request);
            using var unkeyed = request.Create(root, now.AddDays(-1), now.AddDays(29), Serial());
            intermediate = unkeyed.CopyWithPrivateKey(key);
        }

        return new TestCertificateAuthority(root, intermediate, trustDomain, time);
    }

    /// <summary>
    /// A workload certificate for <c>spiffe://TRUST-DOMAIN/ns/NS/sa/SA</c>, valid for <paramref name="lifetime"/> (default 1 h);
    /// <paramref name="trustDomain"/> names another trust domain than the CA's (a foreign workload that the mesh's roots sign).
    /// </summary>
    internal WorkloadCertificate Issue(string @namespace, string serviceAccount, TimeSpan? lifetime = null, X509Certificate2Collection? trustBundle = null, string? trustDomain = null)
    {
        var id = new SpiffeId(trustDomain ?? TrustDomain, @namespace, serviceAccount);
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(id.ToUri());
        var leaf = Leaf(san, lifetime ?? TimeSpan.FromHours(1));
        var intermediates = Intermediate is null ? new X509Certificate2Collection() : new X509Certificate2Collection(X509CertificateLoader.LoadCertificate(Intermediate.RawData));
        return new WorkloadCertificate(id, leaf, intermediates, trustBundle ?? Bundle());
    }

    /// <summary>A server certificate for DNS names (no SPIFFE identity), e.g. for a TLS origination test.</summary>
    public X509Certificate2 IssueServer(params string[] dnsNames)
    {
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames)
        {
            san.AddDnsName(name);
        }

        return Leaf(san, TimeSpan.FromHours(1));
    }

    /// <summary>The trust bundle: this CA's root (without its key).</summary>
    public X509Certificate2Collection Bundle() => new(X509CertificateLoader.LoadCertificate(Root.RawData));

    /// <summary>The root as PEM text.</summary>
    public string RootPem() => Root.ExportCertificatePem();

    /// <summary>A leaf's certificate and the issuing chain (without root) as PEM, and its private key as PEM.</summary>
    public static (string CertificatePem, string KeyPem) ToPem(X509Certificate2 leaf, X509Certificate2Collection? intermediates = null)
    {
        var certificate = leaf.ExportCertificatePem();
        foreach (var intermediate in intermediates ?? [])
        {
            certificate += "\n" + intermediate.ExportCertificatePem();
        }

        var key = leaf.GetECDsaPrivateKey() ?? throw new InvalidOperationException("the leaf has no ECDSA private key");
        return (certificate, key.ExportPkcs8PrivateKeyPem());
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Root.Dispose();
        Intermediate?.Dispose();
    }

    private X509Certificate2 Leaf(SubjectAlternativeNameBuilder san, TimeSpan lifetime)
    {
        var now = _time.GetUtcNow();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("O=mesh-test", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuth, ClientAuth], false));
        request.CertificateExtensions.Add(san.Build(critical: false));

        // Back-dated a minute against clock skew between the test and the TLS stack; a lifetime of seconds is
        // what renewal tests need.
        using var unkeyed = request.Create(_issuer, now.AddMinutes(-1), now + lifetime, Serial());
        return unkeyed.CopyWithPrivateKey(key);
    }

    private static void AddCaExtensions(CertificateRequest request)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
    }

    private static byte[] Serial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // positive
        return serial;
    }
}

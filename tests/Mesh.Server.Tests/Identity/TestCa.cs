using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mesh.Policy.Api;

namespace Mesh.Server.Tests.Identity;

/// <summary>Certificates made by the test itself: an operator's own root and intermediate, and chain checks.</summary>
internal static class TestCa
{
    public static (X509Certificate2 Certificate, ECDsa Key) Root(string name, DateTimeOffset now)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA384);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var withKey = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(5));
        return (X509CertificateLoader.LoadCertificate(withKey.RawData), key);
    }

    public static (X509Certificate2 Certificate, ECDsa Key) Intermediate(string name, X509Certificate2 root, ECDsa rootKey, DateTimeOffset now)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var signer = root.CopyWithPrivateKey(rootKey);
        return (request.Create(signer, now.AddHours(-1), now.AddYears(1), [1, 2, 3, 4]), key);
    }

    /// <summary>Parses an issued response: the leaf, the intermediates after it, and the bundle.</summary>
    public static (X509Certificate2 Leaf, X509Certificate2Collection Intermediates, X509Certificate2Collection Bundle) Parse(CertificateResponse response)
    {
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(response.CertificateChain);
        var bundle = new X509Certificate2Collection();
        bundle.ImportFromPem(response.TrustBundle);
        var intermediates = new X509Certificate2Collection();
        for (var i = 1; i < chain.Count; i++)
        {
            intermediates.Add(chain[i]);
        }

        return (chain[0], intermediates, bundle);
    }

    /// <summary>Builds the leaf's chain to the bundle only (no system roots), as a mesh peer does.</summary>
    public static X509Chain Verify(X509Certificate2 leaf, X509Certificate2Collection intermediates, X509Certificate2Collection bundle, DateTimeOffset at)
    {
        var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(bundle);
        chain.ChainPolicy.ExtraStore.AddRange(intermediates);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.1"));
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.2"));
        return chain;
    }
}

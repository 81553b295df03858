using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mesh.Client.Security;

/// <summary>
/// The files a SIMPLE or MUTUAL DestinationRule names, read once per connection pool: roots to check the
/// server with (<c>caCertificates</c>) and the client certificate (<c>clientCertificate</c> + <c>privateKey</c>).
/// A file that cannot be read makes every connection of the pool fail with a message naming it (503 UF), rather
/// than failing the whole policy update.
/// </summary>
internal sealed class OriginationMaterial
{
    public X509ChainPolicy? Roots { get; private init; }

    public SslStreamCertificateContext? ClientCertificate { get; private init; }

    public string? Error { get; private init; }

    public static OriginationMaterial Load(OutboundTls tls)
    {
        try
        {
            X509ChainPolicy? roots = null;
            if (!string.IsNullOrEmpty(tls.CaCertificates))
            {
                var bundle = new X509Certificate2Collection();
                bundle.ImportFromPemFile(tls.CaCertificates);
                if (bundle.Count == 0)
                {
                    return new OriginationMaterial { Error = $"caCertificates \"{tls.CaCertificates}\" holds no PEM certificate" };
                }

                roots = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
                roots.CustomTrustStore.AddRange(bundle);
            }

            SslStreamCertificateContext? client = null;
            if (tls.Mode == OutboundTlsMode.Mutual)
            {
                if (string.IsNullOrEmpty(tls.ClientCertificate) || string.IsNullOrEmpty(tls.PrivateKey))
                {
                    return new OriginationMaterial { Error = "tls.mode MUTUAL needs clientCertificate and privateKey files" };
                }

                var chain = new X509Certificate2Collection();
                chain.ImportFromPemFile(tls.ClientCertificate);
                var leaf = X509Certificate2.CreateFromPemFile(tls.ClientCertificate, tls.PrivateKey);
                chain.RemoveAt(0);
                client = SslStreamCertificateContext.Create(leaf, chain, offline: true);
            }

            return new OriginationMaterial { Roots = roots, ClientCertificate = client };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            return new OriginationMaterial { Error = $"TLS files of the DestinationRule could not be read: {ex.Message}" };
        }
    }
}

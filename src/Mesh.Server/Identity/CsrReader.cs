using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mesh.Policy.Identity;

namespace Mesh.Server.Identity;

/// <summary>A CSR that was read and verified: the identity it asks for and the key to certify.</summary>
internal sealed record VerifiedCsr(SpiffeId Identity, PublicKey PublicKey);

/// <summary>
/// Reads a PEM PKCS#10 request and checks what the CA relies on: that it parses, that its signature verifies with
/// the key it carries (so the requester holds that key), that the key is one workloads may use, and that it asks
/// for exactly one well-formed SPIFFE identity. Every failure is a message that says what to fix.
/// </summary>
internal static class CsrReader
{
    private const string EcOid = "1.2.840.10045.2.1";
    private const string RsaOid = "1.2.840.113549.1.1.1";
    private const string P256Oid = "1.2.840.10045.3.1.7";
    private const string P384Oid = "1.3.132.0.34";

    public static VerifiedCsr? Read(string? pem, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(pem) || !pem.Contains("-----BEGIN CERTIFICATE REQUEST-----", StringComparison.Ordinal))
        {
            error = "the body holds no PEM certificate signing request (-----BEGIN CERTIFICATE REQUEST-----); send {\"csr\": \"<PEM>\"} or the PEM itself";
            return null;
        }

        CertificateRequest request;
        try
        {
            // Parse first without checking the signature, so that "malformed" and "forged" get different answers.
            request = CertificateRequest.LoadSigningRequestPem(pem, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.SkipSignatureValidation | CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            error = "the certificate signing request is malformed: " + ex.Message;
            return null;
        }

        // The key type first: .NET cannot verify a signature made with a key it does not know (Ed25519, for one),
        // and such a request deserves the list of accepted keys, not "does not verify".
        string? keyProblem;
        try
        {
            keyProblem = KeyProblem(request.PublicKey);
        }
        catch (CryptographicException ex)
        {
            keyProblem = "the certificate signing request's public key cannot be read: " + ex.Message;
        }

        if (keyProblem is not null)
        {
            error = keyProblem;
            return null;
        }

        try
        {
            _ = CertificateRequest.LoadSigningRequestPem(pem, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.Default);
        }
        catch (Exception ex) when (ex is CryptographicException or NotSupportedException)
        {
            error = "the certificate signing request's signature does not verify with its public key: sign it with the key it carries";
            return null;
        }

        IReadOnlyList<string> uris;
        try
        {
            // Only the URI SAN is read; the CA writes every other field and extension of the certificate itself.
            uris = UriNames.Read(request.CertificateExtensions);
        }
        catch (CryptographicException ex)
        {
            error = "the certificate signing request's subject alternative names cannot be read: " + ex.Message;
            return null;
        }

        if (uris.Count != 1)
        {
            error = $"the certificate signing request must carry exactly one URI subject alternative name, spiffe://TRUST-DOMAIN/ns/NAMESPACE/sa/SERVICE-ACCOUNT; it has {uris.Count}";
            return null;
        }

        if (!uris[0].StartsWith("spiffe://", StringComparison.Ordinal) || !SpiffeId.TryParse(uris[0], out var identity))
        {
            error = $"\"{uris[0]}\" is not a workload identity: expected spiffe://TRUST-DOMAIN/ns/NAMESPACE/sa/SERVICE-ACCOUNT";
            return null;
        }

        if (!TrustDomains.IsName(identity.Namespace) || !TrustDomains.IsName(identity.ServiceAccount))
        {
            error = $"\"{uris[0]}\": the namespace and service account must be lower-case DNS names (letters, digits, '-', '.')";
            return null;
        }

        return new VerifiedCsr(identity, request.PublicKey);
    }

    private static string? KeyProblem(PublicKey key)
    {
        switch (key.Oid.Value)
        {
            case EcOid:
                using (var ec = key.GetECDsaPublicKey())
                {
                    var curve = ec?.ExportParameters(false).Curve.Oid;
                    return curve?.Value is P256Oid or P384Oid
                        ? null
                        : $"the key's curve ({curve?.FriendlyName ?? curve?.Value ?? "unknown"}) is not accepted: use ECDSA P-256 (or P-384)";
                }

            case RsaOid:
                using (var rsa = key.GetRSAPublicKey())
                {
                    return rsa is { KeySize: >= 2048 } ? null : "RSA keys must be at least 2048 bits; ECDSA P-256 is preferred";
                }

            default:
                return $"the key algorithm {key.Oid.FriendlyName ?? key.Oid.Value} is not accepted: use ECDSA P-256 or P-384, or RSA of 2048 bits or more";
        }
    }
}

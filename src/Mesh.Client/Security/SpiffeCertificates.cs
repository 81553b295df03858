using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mesh.Policy.Identity;

namespace Mesh.Client.Security;

/// <summary>Reads the SPIFFE identity a certificate carries in its URI subject alternative name.</summary>
internal static class SpiffeCertificates
{
    private const string SubjectAltNameOid = "2.5.29.17";
    private static readonly Asn1Tag UriTag = new(TagClass.ContextSpecific, 6);

    /// <summary>The first <c>spiffe://</c> URI SAN of <paramref name="certificate"/>, parsed.</summary>
    public static bool TryGetSpiffeId(X509Certificate? certificate, [NotNullWhen(true)] out SpiffeId? id)
    {
        foreach (var uri in UriNames(certificate))
        {
            if (uri.StartsWith("spiffe://", StringComparison.OrdinalIgnoreCase))
            {
                return SpiffeId.TryParse(uri, out id);
            }
        }

        id = null;
        return false;
    }

    /// <summary>
    /// The URI subject alternative names. .NET exposes the DNS names and IP addresses of the SAN extension but not
    /// its URIs, so the extension is read as the ASN.1 it is (RFC 5280 §4.2.1.6: a SEQUENCE of GeneralName, a URI
    /// being <c>[6] IA5String</c>). A malformed extension yields nothing.
    /// </summary>
    public static List<string> UriNames(X509Certificate? certificate)
    {
        var uris = new List<string>(1);
        if (certificate is not X509Certificate2 cert)
        {
            return uris;
        }

        foreach (var extension in cert.Extensions)
        {
            if (extension.Oid?.Value != SubjectAltNameOid)
            {
                continue;
            }

            try
            {
                var names = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
                while (names.HasData)
                {
                    var tag = names.PeekTag();
                    if (tag.HasSameClassAndValue(UriTag))
                    {
                        uris.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, tag));
                    }
                    else
                    {
                        names.ReadEncodedValue();
                    }
                }
            }
            catch (Exception ex) when (ex is AsnContentException or CryptographicException)
            {
                uris.Clear();
            }
        }

        return uris;
    }

    /// <summary>True when the certificate carries <paramref name="name"/> as a DNS or URI SAN.</summary>
    public static bool HasSubjectAltName(X509Certificate2 certificate, string name)
    {
        foreach (var extension in certificate.Extensions)
        {
            if (extension is X509SubjectAlternativeNameExtension san)
            {
                foreach (var dns in san.EnumerateDnsNames())
                {
                    if (string.Equals(dns, name, StringComparison.OrdinalIgnoreCase))
                    {
                        return true;
                    }
                }
            }
        }

        foreach (var uri in UriNames(certificate))
        {
            if (string.Equals(uri, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}

using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mesh.Policy.Identity;

/// <summary>
/// Reads the URI entries of a subject alternative name extension, where SPIFFE identities live. .NET's
/// <see cref="X509SubjectAlternativeNameExtension"/> reads DNS names and IP addresses but not URIs.
/// </summary>
public static class UriNames
{
    private const string SubjectAltNameOid = "2.5.29.17";

    // GeneralName ::= CHOICE { ..., uniformResourceIdentifier [6] IA5String, ... } (RFC 5280 §4.2.1.6)
    private static readonly Asn1Tag UriTag = new(TagClass.ContextSpecific, 6);

    /// <summary>The URI SANs of <paramref name="certificate"/> (empty when it has none).</summary>
    public static IReadOnlyList<string> Read(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Read(certificate.Extensions);
    }

    /// <summary>The URI SANs in <paramref name="extensions"/> (empty when there is no SAN extension).</summary>
    /// <exception cref="CryptographicException">The extension is not valid DER.</exception>
    public static IReadOnlyList<string> Read(IEnumerable<X509Extension> extensions)
    {
        ArgumentNullException.ThrowIfNull(extensions);
        foreach (var extension in extensions)
        {
            if (extension.Oid?.Value == SubjectAltNameOid)
            {
                return Read(extension.RawData);
            }
        }

        return [];
    }

    /// <summary>The SPIFFE identity of a workload certificate: its one <c>spiffe://</c> URI SAN, or null.</summary>
    public static SpiffeId? ReadSpiffeId(X509Certificate2 certificate)
    {
        SpiffeId? found = null;
        foreach (var uri in Read(certificate))
        {
            if (uri.StartsWith("spiffe://", StringComparison.OrdinalIgnoreCase))
            {
                if (found is not null || !SpiffeId.TryParse(uri, out var id))
                {
                    return null; // SPIFFE allows exactly one; two, or a malformed one, is no identity
                }

                found = id;
            }
        }

        return found;
    }

    private static List<string> Read(byte[] der)
    {
        try
        {
            var uris = new List<string>();
            var reader = new AsnReader(der, AsnEncodingRules.DER);
            var names = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            while (names.HasData)
            {
                if (names.PeekTag() == UriTag)
                {
                    uris.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, UriTag));
                }
                else
                {
                    names.ReadEncodedValue();
                }
            }

            return uris;
        }
        catch (AsnContentException ex)
        {
            throw new CryptographicException("the subject alternative name extension is not valid DER", ex);
        }
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Mesh.Server.Identity;

/// <summary>
/// The roots that workload certificates chain to: the CA's own root plus any extra roots (during a root
/// rotation, the old and the new). Immutable; <see cref="Version"/> is a digest of the roots, so that clients can
/// tell cheaply (from every watch answer) whether the bundle they hold is current.
/// </summary>
internal sealed class TrustBundle
{
    public TrustBundle(IEnumerable<X509Certificate2> roots)
    {
        var unique = new SortedDictionary<string, X509Certificate2>(StringComparer.Ordinal);
        foreach (var root in roots)
        {
            unique.TryAdd(root.GetCertHashString(HashAlgorithmName.SHA256), root);
        }

        Roots = new X509Certificate2Collection(unique.Values.ToArray());
        var pem = new StringBuilder();
        var digest = new StringBuilder();
        foreach (var (hash, root) in unique)
        {
            pem.Append(root.ExportCertificatePem()).Append('\n');
            digest.Append(hash);
        }

        Pem = pem.ToString();
        Version = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(digest.ToString())))[..16];
    }

    /// <summary>The roots, each once.</summary>
    public X509Certificate2Collection Roots { get; }

    /// <summary>The roots as PEM.</summary>
    public string Pem { get; }

    /// <summary>A short digest of the set of roots.</summary>
    public string Version { get; }
}

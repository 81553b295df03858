using System.Security.Cryptography.X509Certificates;
using Mesh.Policy.Identity;

namespace Mesh.Client.Identity;

/// <summary>
/// This workload's identity material at one moment: its certificate with private key, the intermediates that
/// chain it to a root, and the trust bundle (every root the mesh trusts, several during a root rotation).
/// Immutable: a renewal publishes a new instance.
/// </summary>
internal sealed class WorkloadCertificate
{
    /// <summary>Creates the material; <paramref name="certificate"/> must carry its private key.</summary>
    public WorkloadCertificate(SpiffeId identity, X509Certificate2 certificate, X509Certificate2Collection intermediates, X509Certificate2Collection trustBundle)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException("The workload certificate must carry its private key.", nameof(certificate));
        }

        Identity = identity;
        Certificate = certificate;
        Intermediates = intermediates;
        TrustBundle = trustBundle;
    }

    /// <summary>The SPIFFE identity the certificate carries.</summary>
    public SpiffeId Identity { get; }

    /// <summary>The leaf certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Certificates between the leaf and a root (empty when the root signed the leaf).</summary>
    public X509Certificate2Collection Intermediates { get; }

    /// <summary>The roots that peers' chains must end in.</summary>
    public X509Certificate2Collection TrustBundle { get; }

    /// <summary>When the leaf expires.</summary>
    public DateTimeOffset NotAfter => Certificate.NotAfter.ToUniversalTime();
}

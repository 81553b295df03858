using System.Globalization;
using System.Text;

namespace Mesh.Client.Security;

/// <summary>
/// The TLS settings of one connection pool, decided at snapshot compile time: the mode, the identity the server
/// must prove (mesh modes), and for origination the SNI, trust and client certificate files. Part of the pool
/// key, so a change of settings gets a new pool rather than reusing connections made under the old ones.
/// </summary>
internal sealed record OutboundTls
{
    public static OutboundTls Plaintext { get; } = new() { Mode = OutboundTlsMode.Plaintext };

    public required OutboundTlsMode Mode { get; init; }

    /// <summary>The server name sent in the ClientHello.</summary>
    public string? Sni { get; init; }

    /// <summary>Mesh modes: the namespace of the identity the server must carry.</summary>
    public string? ExpectedNamespace { get; init; }

    /// <summary>Mesh modes: the service account of the identity the server must carry.</summary>
    public string? ExpectedServiceAccount { get; init; }

    /// <summary>Origination: a PEM file of roots to check the server with, instead of the system store.</summary>
    public string? CaCertificates { get; init; }

    /// <summary>MUTUAL: PEM certificate file.</summary>
    public string? ClientCertificate { get; init; }

    /// <summary>MUTUAL: PEM private key file.</summary>
    public string? PrivateKey { get; init; }

    /// <summary>Origination: names of which the server certificate must carry one (DNS or URI SAN).</summary>
    public IReadOnlyList<string>? SubjectAltNames { get; init; }

    /// <summary>Origination: accept any server certificate.</summary>
    public bool InsecureSkipVerify { get; init; }

    public bool IsMesh => Mode is OutboundTlsMode.MeshAuto or OutboundTlsMode.MeshRequired;

    /// <summary>A stable text form for the pool key.</summary>
    public string Key
    {
        get
        {
            if (Mode == OutboundTlsMode.Plaintext)
            {
                return "plain";
            }

            var key = new StringBuilder(Mode.ToString()).Append('|').Append(Sni).Append('|').Append(ExpectedNamespace).Append('/').Append(ExpectedServiceAccount)
                .Append('|').Append(CaCertificates).Append('|').Append(ClientCertificate).Append('|').Append(PrivateKey)
                .Append('|').Append(InsecureSkipVerify ? "insecure" : "verify");
            foreach (var name in SubjectAltNames ?? [])
            {
                key.Append('|').Append(name);
            }

            return key.ToString();
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Mode} {Sni}");
}

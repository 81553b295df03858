namespace Mesh.Policy.Resources.Networking;

/// <summary>TLS settings for connections to a destination.</summary>
[UnsupportedField("caCrl")]
public sealed class ClientTlsSettings
{
    /// <summary>The TLS mode.</summary>
    public TlsMode? Mode { get; set; }

    /// <summary>Client certificate file (MUTUAL).</summary>
    public string? ClientCertificate { get; set; }

    /// <summary>Private key file (MUTUAL).</summary>
    public string? PrivateKey { get; set; }

    /// <summary>CA certificates file used to verify the server.</summary>
    public string? CaCertificates { get; set; }

    /// <summary>A named credential (not files).</summary>
    public string? CredentialName { get; set; }

    /// <summary>Accepted subject alternative names of the server.</summary>
    public List<string>? SubjectAltNames { get; set; }

    /// <summary>Server name indication.</summary>
    public string? Sni { get; set; }

    /// <summary>Skip server certificate verification.</summary>
    public bool? InsecureSkipVerify { get; set; }
}

/// <summary>TLS modes of a DestinationRule.</summary>
public enum TlsMode
{
    /// <summary>Plaintext.</summary>
    Disable,

    /// <summary>TLS to the server.</summary>
    Simple,

    /// <summary>Mutual TLS with given certificates.</summary>
    Mutual,

    /// <summary>Mutual TLS with the mesh's own workload certificates.</summary>
    IstioMutual,
}

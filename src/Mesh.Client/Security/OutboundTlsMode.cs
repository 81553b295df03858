namespace Mesh.Client.Security;

/// <summary>How connections to one endpoint are secured.</summary>
internal enum OutboundTlsMode
{
    /// <summary>No TLS by the mesh (DISABLE, a destination that does not accept mTLS, or an external host).</summary>
    Plaintext,

    /// <summary>
    /// Auto-mTLS: mesh mTLS when this workload has an identity at connect time, plaintext otherwise (the
    /// destination is a mesh workload whose PeerAuthentication accepts mTLS).
    /// </summary>
    MeshAuto,

    /// <summary>ISTIO_MUTUAL: mesh mTLS, and no connection without a workload identity.</summary>
    MeshRequired,

    /// <summary>SIMPLE: TLS origination, the server checked against the system roots or <c>caCertificates</c>.</summary>
    Simple,

    /// <summary>MUTUAL: TLS origination with a client certificate read from files.</summary>
    Mutual,
}

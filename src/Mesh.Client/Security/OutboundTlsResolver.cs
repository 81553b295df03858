using Mesh.Client.Balancing;
using Mesh.Policy.Resources;
using Mesh.Policy.Resources.Networking;
using Mesh.Policy.Resources.Security;

namespace Mesh.Client.Security;

/// <summary>
/// Decides, at compile time, how this workload secures connections to each endpoint. A DestinationRule's
/// <c>tls.mode</c> decides when set; otherwise Istio's auto-mTLS: mesh mTLS to an endpoint that is a mesh workload
/// (the <c>security.istio.io/tlsMode: istio</c> label, which registered instances carry when they have an
/// identity) unless the destination's own PeerAuthentication is DISABLE on that port; plaintext to anything else.
/// </summary>
internal sealed class OutboundTlsResolver(PeerAuthenticationResolver peerAuthentication)
{
    /// <summary>The label that marks a workload able to serve mesh mTLS (Istio's own convention).</summary>
    public const string TlsModeLabel = "security.istio.io/tlsMode";

    /// <summary>The value of <see cref="TlsModeLabel"/> for mesh workloads.</summary>
    public const string TlsModeIstio = "istio";

    /// <summary>Kubernetes' service account when none is named.</summary>
    private const string DefaultServiceAccount = "default";

    public static OutboundTlsResolver None { get; } = new(new PeerAuthenticationResolver([], PolicyScope.DefaultRootNamespace));

    public OutboundTls Resolve(ClientTlsSettings? tls, EndpointState endpoint, string serviceHost, bool external)
    {
        switch (tls?.Mode)
        {
            case TlsMode.Disable:
                return OutboundTls.Plaintext;
            case TlsMode.IstioMutual:
                return Mesh(OutboundTlsMode.MeshRequired, endpoint, serviceHost);
            case TlsMode.Simple or TlsMode.Mutual:
                return new OutboundTls
                {
                    Mode = tls.Mode == TlsMode.Simple ? OutboundTlsMode.Simple : OutboundTlsMode.Mutual,
                    Sni = string.IsNullOrEmpty(tls.Sni) ? serviceHost : tls.Sni,
                    CaCertificates = tls.CaCertificates,
                    ClientCertificate = tls.Mode == TlsMode.Mutual ? tls.ClientCertificate : null,
                    PrivateKey = tls.Mode == TlsMode.Mutual ? tls.PrivateKey : null,
                    SubjectAltNames = tls.SubjectAltNames is { Count: > 0 } names ? [.. names] : null,
                    InsecureSkipVerify = tls.InsecureSkipVerify == true,
                };
        }

        // Auto-mTLS (no tls setting).
        if (external || endpoint.Labels.GetValueOrDefault(TlsModeLabel) != TlsModeIstio)
        {
            return OutboundTls.Plaintext;
        }

        var mode = peerAuthentication.ModeFor(endpoint.Namespace ?? "default", endpoint.Labels, endpoint.Port);
        return mode == MutualTlsMode.Disable ? OutboundTls.Plaintext : Mesh(OutboundTlsMode.MeshAuto, endpoint, serviceHost);
    }

    private static OutboundTls Mesh(OutboundTlsMode mode, EndpointState endpoint, string serviceHost) => new()
    {
        Mode = mode,
        Sni = serviceHost,
        ExpectedNamespace = endpoint.Namespace ?? "default",
        ExpectedServiceAccount = string.IsNullOrEmpty(endpoint.ServiceAccount) ? DefaultServiceAccount : endpoint.ServiceAccount,
    };
}

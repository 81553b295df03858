using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace Mesh.Client.Inbound.Security;

/// <summary>
/// What an inbound mTLS handshake established, as the connection features Kestrel and ASP.NET Core read:
/// <c>HttpContext.Connection.ClientCertificate</c>, the negotiated protocol (h2 or http/1.1, which makes Kestrel
/// choose HTTP/2 or HTTP/1.1) and the handshake details, plus the caller's verified principal for
/// <see cref="MeshRequestContext.PeerPrincipal"/>.
/// </summary>
internal sealed class MeshTlsFeature(SslStream ssl, string? peerPrincipal) : ITlsConnectionFeature, ITlsApplicationProtocolFeature, ITlsHandshakeFeature
{
    /// <summary>The caller's identity in principal form (<c>td/ns/N/sa/S</c>), computed once per connection.</summary>
    public string? PeerPrincipal { get; } = peerPrincipal;

    public X509Certificate2? ClientCertificate { get; set; } = ssl.RemoteCertificate as X509Certificate2;

    public ReadOnlyMemory<byte> ApplicationProtocol { get; } = ssl.NegotiatedApplicationProtocol.Protocol;

    public SslProtocols Protocol { get; } = ssl.SslProtocol;

    public TlsCipherSuite? NegotiatedCipherSuite { get; } = ssl.NegotiatedCipherSuite;

    public string HostName { get; } = ssl.TargetHostName;

#pragma warning disable SYSLIB0058 // the interface still has the legacy algorithm members; the cipher suite above says it all
    public CipherAlgorithmType CipherAlgorithm => CipherAlgorithmType.None;

    public int CipherStrength => 0;

    public HashAlgorithmType HashAlgorithm => HashAlgorithmType.None;

    public int HashStrength => 0;

    public ExchangeAlgorithmType KeyExchangeAlgorithm => ExchangeAlgorithmType.None;

    public int KeyExchangeStrength => 0;
#pragma warning restore SYSLIB0058

    public Task<X509Certificate2?> GetClientCertificateAsync(CancellationToken cancellationToken) => Task.FromResult(ClientCertificate);
}

using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Mesh.Policy.Identity;

namespace Mesh.Client.Security;

/// <summary>
/// Secures one new outbound connection of a pool, inside the pool's connect callback: the request URI stays
/// <c>http://service:port</c> (so the Host header is the service's authority and SocketsHttpHandler sees a plain
/// stream), and TLS is done here over the connected socket. The workload certificate is read per connection,
/// so a renewed one is used by every new connection while open ones carry on.
/// </summary>
internal sealed class OutboundTlsConnector
{
    private static readonly List<SslApplicationProtocol> Http11 = [SslApplicationProtocol.Http11];

    // How long after a connection that proved no peer (plaintext), or proved it under another trust domain, the
    // pool's peer is not known for sure: that connection may serve requests for the pool's connection lifetime, and
    // a request begun at its end a little longer. A heuristic bound, not a guarantee.
    private static readonly TimeSpan UncertainFor = Http.MeshTransport.ConnectionLifetime + TimeSpan.FromMinutes(1);

    private readonly OutboundTls _tls;
    private readonly WorkloadTls _workload;
    private readonly TimeProvider _time;
    private readonly Lazy<OriginationMaterial> _origination;
    private long _uncertainUntilTicks;
    private string? _handshakeTrustDomain;
    private KnownPeer? _peer;

    public OutboundTlsConnector(OutboundTls tls, WorkloadTls workload, TimeProvider? time = null)
    {
        _tls = tls;
        _workload = workload;
        _time = time ?? TimeProvider.System;
        _origination = new Lazy<OriginationMaterial>(() => OriginationMaterial.Load(tls), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The stream to speak HTTP on: <paramref name="connected"/> itself, or TLS over it.</summary>
    public async ValueTask<Stream> ConnectAsync(Stream connected, CancellationToken cancellationToken)
    {
        var options = _tls.IsMesh ? MeshOptions() : OriginationOptions();
        if (options is null)
        {
            // auto-mTLS without an identity yet: plaintext, as a workload outside the mesh
            MarkUncertain();
            return connected;
        }

        var ssl = new SslStream(connected, leaveInnerStreamOpen: false);
        try
        {
            await ssl.AuthenticateAsClientAsync(options, cancellationToken).ConfigureAwait(false);
            return ssl;
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The principal (<c>spiffe://td/ns/N/sa/S</c>) that every connection of this pool has proven in its mTLS
    /// handshake, for the caller's <c>destination_principal</c>: the identity the handshake demands, since a
    /// connection whose peer shows another is refused. Null when the pool is not mesh mTLS, when this workload has
    /// no identity, or when an auto-mTLS connection made before it had one may still be serving requests (then
    /// the response may have come in plaintext, and the label says <c>unknown</c> rather than guess).
    /// </summary>
    public string? PeerPrincipal
    {
        get
        {
            if (!_tls.IsMesh || _workload.Current is not { } material)
            {
                return null;
            }

            // The clock is read only by a pool that ever had a plaintext connection or changed trust domain (read
            // on every observed request otherwise, for nothing).
            var uncertainUntil = Volatile.Read(ref _uncertainUntilTicks);
            if (uncertainUntil != 0 && _time.GetUtcNow().UtcTicks < uncertainUntil)
            {
                return null;
            }

            // The trust domain the connections proved (that of the last handshake), kept as one string per trust
            // domain so that no string is built per request.
            var trustDomain = Volatile.Read(ref _handshakeTrustDomain) ?? material.Certificate.Identity.TrustDomain;
            var peer = _peer;
            if (peer is null || peer.TrustDomain != trustDomain)
            {
                peer = new KnownPeer(trustDomain, new SpiffeId(trustDomain, _tls.ExpectedNamespace!, _tls.ExpectedServiceAccount!).ToString());
                _peer = peer;
            }

            return peer.Principal;
        }
    }

    private void MarkUncertain() =>
        Volatile.Write(ref _uncertainUntilTicks, (_time.GetUtcNow() + UncertainFor).UtcTicks);

    private SslClientAuthenticationOptions? MeshOptions()
    {
        if (_workload.Current is not { } material)
        {
            return _tls.Mode == OutboundTlsMode.MeshRequired
                ? throw new AuthenticationException($"ISTIO_MUTUAL to {_tls.Sni} needs a workload identity, and this workload has none yet")
                : null;
        }

        var trustDomain = material.Certificate.Identity.TrustDomain;
        if (Volatile.Read(ref _handshakeTrustDomain) is { } previous && previous != trustDomain)
        {
            MarkUncertain(); // connections of the old trust domain serve on for a while
        }

        Volatile.Write(ref _handshakeTrustDomain, trustDomain);
        var expected = new SpiffeId(trustDomain, _tls.ExpectedNamespace!, _tls.ExpectedServiceAccount!);
        return new SslClientAuthenticationOptions
        {
            TargetHost = _tls.Sni,
            ClientCertificateContext = material.Context,
            CertificateChainPolicy = material.ForServers(),
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            ApplicationProtocols = Http11,

            // The chain must end in the trust bundle and the leaf must be the endpoint's own identity; the
            // certificate carries no DNS name, so the name check against the SNI does not apply.
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                (errors & ~SslPolicyErrors.RemoteCertificateNameMismatch) == SslPolicyErrors.None
                && SpiffeCertificates.TryGetSpiffeId(certificate, out var actual)
                && actual == expected,
        };
    }

    private SslClientAuthenticationOptions OriginationOptions()
    {
        var material = _origination.Value;
        if (material.Error is { } error)
        {
            throw new AuthenticationException(error);
        }

        var options = new SslClientAuthenticationOptions
        {
            TargetHost = _tls.Sni,
            ClientCertificateContext = material.ClientCertificate,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            ApplicationProtocols = Http11,
            RemoteCertificateValidationCallback = (_, certificate, _, errors) => Accept(certificate as X509Certificate2, errors),
        };
        if (material.Roots is { } roots)
        {
            options.CertificateChainPolicy = roots.Clone();
        }

        return options;
    }

    private bool Accept(X509Certificate2? certificate, SslPolicyErrors errors)
    {
        if (_tls.InsecureSkipVerify)
        {
            return true;
        }

        if (certificate is null)
        {
            return false;
        }

        if (_tls.SubjectAltNames is { } names)
        {
            // The names given replace the check against the SNI, as in Istio.
            errors &= ~SslPolicyErrors.RemoteCertificateNameMismatch;
            var found = false;
            foreach (var name in names)
            {
                found |= SpiffeCertificates.HasSubjectAltName(certificate, name);
            }

            if (!found)
            {
                return false;
            }
        }

        return errors == SslPolicyErrors.None;
    }

    private sealed record KnownPeer(string TrustDomain, string Principal);
}

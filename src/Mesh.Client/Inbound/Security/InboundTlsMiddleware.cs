using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Mesh.Client.Security;
using Mesh.Policy.Resources.Security;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Logging;

namespace Mesh.Client.Inbound.Security;

/// <summary>
/// Kestrel connection middleware (one per listening endpoint) that applies PeerAuthentication to each new
/// connection, before HTTP is parsed. With a workload identity it looks at the connection's first byte without
/// consuming it: 0x16 opens a TLS ClientHello, which it answers with the workload certificate (read per
/// connection, so a renewal needs no restart) and a demand for a client certificate that must chain to the
/// trust bundle and carry a SPIFFE identity; anything else is plaintext HTTP. STRICT closes plaintext
/// connections, PERMISSIVE serves both on the same port (as Istio does), DISABLE offers no TLS at all. After a
/// handshake the connection's transport is the TLS stream, with the TLS features Kestrel and ASP.NET Core read
/// (so HTTP/2 via ALPN and <c>HttpContext.Connection.ClientCertificate</c> work).
/// </summary>
internal sealed partial class InboundTlsMiddleware(ConnectionDelegate next, MeshRuntime runtime, ListenOptions listen, ILogger logger)
{
    private const byte TlsHandshakeRecord = 0x16;
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);
    private static readonly List<SslApplicationProtocol> Http11Only = [SslApplicationProtocol.Http11];
    private static readonly List<SslApplicationProtocol> Http2AndHttp11 = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11];

    public async Task OnConnectionAsync(ConnectionContext connection)
    {
        var port = (connection.LocalEndPoint as IPEndPoint)?.Port ?? 0;
        var mode = runtime.Snapshot.PeerAuthentication.ModeFor(port);
        var material = mode == MutualTlsMode.Disable ? null : runtime.Tls.Current;
        if (material is null)
        {
            if (mode == MutualTlsMode.Strict)
            {
                // STRICT without an identity to serve mTLS with: fail closed rather than accept plaintext.
                LogNoIdentity(logger, connection.RemoteEndPoint, port);
                return;
            }

            await next(connection).ConfigureAwait(false);
            return;
        }

        int first;
        using (var peekTimeout = new CancellationTokenSource(HandshakeTimeout, runtime.Time))
        {
            try
            {
                first = await PeekAsync(connection.Transport.Input, peekTimeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return; // nothing sent within the handshake timeout
            }
        }

        if (first < 0)
        {
            return; // closed before sending anything
        }

        if (first != TlsHandshakeRecord)
        {
            if (mode == MutualTlsMode.Strict)
            {
                LogPlaintextRefused(logger, connection.RemoteEndPoint, port);
                return;
            }

            await next(connection).ConfigureAwait(false);
            return;
        }

        await ServeTlsAsync(connection, material, port).ConfigureAwait(false);
    }

    private async Task ServeTlsAsync(ConnectionContext connection, WorkloadTlsMaterial material, int port)
    {
        var original = connection.Transport;
        var ssl = new SslStream(new DuplexPipeStream(original), leaveInnerStreamOpen: false);
        await using (ssl.ConfigureAwait(false))
        {
            var options = new SslServerAuthenticationOptions
            {
                ServerCertificateContext = material.Context,
                ClientCertificateRequired = true,
                CertificateChainPolicy = material.ForClients(),
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                ApplicationProtocols = (listen.Protocols & HttpProtocols.Http2) != 0 ? Http2AndHttp11 : Http11Only,

                // mTLS only: a TLS client must show a certificate that chains to the trust bundle and names a
                // workload of this trust domain. (A foreign CA, a missing certificate, a certificate without SPIFFE
                // ID or one for another trust domain fail here.)
                RemoteCertificateValidationCallback = material.AcceptClient,
            };

            using (var handshakeTimeout = new CancellationTokenSource(HandshakeTimeout, runtime.Time))
            {
                try
                {
                    await ssl.AuthenticateAsServerAsync(options, handshakeTimeout.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is AuthenticationException or IOException or OperationCanceledException)
                {
                    LogHandshakeFailed(logger, connection.RemoteEndPoint, port, ex.Message);
                    return;
                }
            }

            SpiffeCertificates.TryGetSpiffeId(ssl.RemoteCertificate, out var peer);
            var feature = new MeshTlsFeature(ssl, peer?.Principal);
            connection.Features.Set<ITlsConnectionFeature>(feature);
            connection.Features.Set<ITlsApplicationProtocolFeature>(feature);
            connection.Features.Set<ITlsHandshakeFeature>(feature);

            var reader = PipeReader.Create(ssl, new StreamPipeReaderOptions(leaveOpen: true));
            var writer = PipeWriter.Create(ssl, new StreamPipeWriterOptions(leaveOpen: true));
            connection.Transport = new SecuredPipe(reader, writer);
            try
            {
                await next(connection).ConfigureAwait(false);
            }
            finally
            {
                await reader.CompleteAsync().ConfigureAwait(false);
                await writer.CompleteAsync().ConfigureAwait(false);
                connection.Transport = original;
            }
        }
    }

    /// <summary>The first byte the client sent, left in the pipe; -1 when it closed without sending any.</summary>
    private static async ValueTask<int> PeekAsync(PipeReader input, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (!buffer.IsEmpty)
            {
                var first = FirstByte(buffer);
                input.AdvanceTo(buffer.Start, buffer.Start); // nothing consumed, nothing examined: HTTP or TLS reads it again
                return first;
            }

            input.AdvanceTo(buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                return -1;
            }
        }
    }

    private static byte FirstByte(in ReadOnlySequence<byte> buffer)
    {
        foreach (var segment in buffer)
        {
            if (!segment.IsEmpty)
            {
                return segment.Span[0];
            }
        }

        return 0;
    }

    private sealed class SecuredPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }

    [LoggerMessage(EventId = 60, Level = LogLevel.Information, Message = "Plaintext connection from {Remote} to port {Port} refused: PeerAuthentication is STRICT")]
    private static partial void LogPlaintextRefused(ILogger logger, EndPoint? remote, int port);

    [LoggerMessage(EventId = 61, Level = LogLevel.Warning, Message = "Connection from {Remote} to port {Port} refused: PeerAuthentication is STRICT and this workload has no identity (certificate) yet")]
    private static partial void LogNoIdentity(ILogger logger, EndPoint? remote, int port);

    [LoggerMessage(EventId = 62, Level = LogLevel.Information, Message = "mTLS handshake from {Remote} on port {Port} failed: {Reason}")]
    private static partial void LogHandshakeFailed(ILogger logger, EndPoint? remote, int port, string reason);
}

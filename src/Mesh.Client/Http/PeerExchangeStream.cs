using System.Buffers;
using System.Text;

namespace Mesh.Client.Http;

/// <summary>
/// The plaintext side of an HTTP/1.x connection of a mesh pool, which says once who the caller is: it writes one
/// header line (<c>x-mesh-peer: app;version;namespace</c>) into the connection's first request, right after the
/// request line, and is a plain pass-through from then on.
/// </summary>
/// <remarks>
/// Why per connection: every request on a connection of a mesh pool comes from this workload, so the callee needs
/// to be told only once (it keeps the value for the connection; see <c>Inbound/ConnectionPeer</c>), which is what
/// Istio's TCP metadata exchange does per connection. Sent with every request, the header cost a round trip about
/// 0.9 μs on the benchmark's machine (parsed and allocated by the callee each time), the largest part of what
/// Istio metrics cost a request. <see cref="SocketsHttpHandler"/> writes a request's whole header block in one
/// write; a request line that arrives over several writes is still handled, by looking for its end across them.
/// </remarks>
internal sealed class PeerExchangeStream(Stream inner, byte[] headerLine) : Stream
{
    private const byte CarriageReturn = (byte)'\r';
    private const byte LineFeed = (byte)'\n';

    private State _state;

    private enum State
    {
        /// <summary>The request line has not ended yet.</summary>
        InRequestLine,

        /// <summary>The last write ended with the request line's CR: its LF comes next.</summary>
        AfterCarriageReturn,

        /// <summary>The header line went out: pass-through.</summary>
        Sent,
    }

    /// <summary>The header line for <paramref name="peerValue"/>, as the stream writes it (<c>x-mesh-peer: value\r\n</c>).</summary>
    public static byte[] HeaderLine(string peerValue) =>
        Encoding.ASCII.GetBytes(Telemetry.Metrics.PeerMetadata.Header + ": " + peerValue + "\r\n");

    /// <summary>Whether the header line went out.</summary>
    public bool HasSent => _state == State.Sent;

    public override bool CanRead => inner.CanRead;

    public override bool CanWrite => inner.CanWrite;

    public override bool CanSeek => false;

    public override bool CanTimeout => inner.CanTimeout;

    public override int ReadTimeout { get => inner.ReadTimeout; set => inner.ReadTimeout = value; }

    public override int WriteTimeout { get => inner.WriteTimeout; set => inner.WriteTimeout = value; }

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => inner.Read(buffer);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(buffer, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_state == State.Sent)
        {
            inner.Write(buffer);
            return;
        }

        var split = FindSplit(buffer);
        if (split < 0)
        {
            inner.Write(buffer);
            return;
        }

        var joined = Join(buffer, split, out var length);
        try
        {
            inner.Write(joined, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(joined);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_state == State.Sent)
        {
            return inner.WriteAsync(buffer, cancellationToken);
        }

        var split = FindSplit(buffer.Span);
        return split < 0 ? inner.WriteAsync(buffer, cancellationToken) : WriteJoinedAsync(Join(buffer.Span, split, out var length), length, cancellationToken);
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>
    /// Where the header line goes in <paramref name="buffer"/> (just after the request line's CRLF), or −1 when the
    /// request line does not end in it; moves the state on.
    /// </summary>
    private int FindSplit(ReadOnlySpan<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return -1;
        }

        if (_state == State.AfterCarriageReturn && buffer[0] == LineFeed)
        {
            return 1;
        }

        var end = buffer.IndexOf("\r\n"u8);
        if (end >= 0)
        {
            return end + 2;
        }

        _state = buffer[^1] == CarriageReturn ? State.AfterCarriageReturn : State.InRequestLine;
        return -1;
    }

    /// <summary>The buffer with the header line at <paramref name="split"/>, in a rented array.</summary>
    private byte[] Join(ReadOnlySpan<byte> buffer, int split, out int length)
    {
        length = buffer.Length + headerLine.Length;
        var joined = ArrayPool<byte>.Shared.Rent(length);
        buffer[..split].CopyTo(joined);
        headerLine.CopyTo(joined.AsSpan(split));
        buffer[split..].CopyTo(joined.AsSpan(split + headerLine.Length));
        _state = State.Sent;
        return joined;
    }

    private async ValueTask WriteJoinedAsync(byte[] joined, int length, CancellationToken cancellationToken)
    {
        try
        {
            await inner.WriteAsync(joined.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(joined);
        }
    }
}

using Mesh.Client.Telemetry.Metrics;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Mesh.Client.Inbound;

/// <summary>
/// Who the caller says it is (its <see cref="PeerMetadata"/> value), for the metrics and logs of the request.
/// A mesh caller's HTTP/1.x connection tells it once, in its first request (<c>Http/PeerExchangeStream</c>), so
/// the value is kept with the connection and stands for every later request on it; over HTTP/2 each request
/// carries it.
/// </summary>
/// <remarks>
/// On HTTP/1.x the connection's first value wins over a later request's header: a request that forwards its own
/// caller's header does not change who is calling on this connection. The mesh's connection line comes right after
/// the request line, so on the first request it is the first of the values.
/// </remarks>
internal static class ConnectionPeer
{
    private static readonly object Key = new();

    /// <summary>The caller's peer metadata value, or null when it sent none.</summary>
    public static string? Of(HttpContext context)
    {
        var request = context.Request;
        var sent = request.Headers.TryGetValue(PeerMetadata.Header, out var values) && values.Count > 0 ? values[0] : null;
        if (!HttpProtocol.IsHttp11(request.Protocol) && !HttpProtocol.IsHttp10(request.Protocol))
        {
            return sent;
        }

        if (context.Features.Get<IConnectionItemsFeature>()?.Items is not { } items)
        {
            return sent; // a server without connection items (an in-memory test server)
        }

        if (items.TryGetValue(Key, out var known))
        {
            return (string?)known;
        }

        if (sent is not null)
        {
            items[Key] = sent;
        }

        return sent;
    }
}

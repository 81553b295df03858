using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Mesh.Policy.Resources.Networking;

namespace Mesh.Client.Http;

/// <summary>
/// The connection pools of the process for mesh traffic: one <see cref="SocketsHttpHandler"/> shared by every
/// meshed HttpClient, plus one per distinct DestinationRule connection-pool setting (connection cap, connect
/// and idle timeouts), so that those limits hold for the destination whatever client sends.
/// </summary>
internal sealed class MeshTransport : IDisposable
{
    private static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(10); // Istio's tcp.connectTimeout
    private readonly ConcurrentDictionary<string, (SocketsHttpHandler Handler, HttpMessageInvoker Invoker)> _pools = new(StringComparer.Ordinal);

    public MeshTransport()
    {
        Invoker = Pool(null).Invoker;
    }

    /// <summary>The shared pool for destinations without connection-pool settings.</summary>
    public HttpMessageInvoker Invoker { get; }

    /// <summary>The pool for a destination with these settings (created once per distinct setting).</summary>
    public HttpMessageInvoker For(ConnectionPoolSettings? settings) =>
        settings?.Tcp is null && settings?.Http?.IdleTimeout is null ? Invoker : Pool(settings).Invoker;

    public void Dispose()
    {
        foreach (var (handler, invoker) in _pools.Values)
        {
            invoker.Dispose();
            handler.Dispose();
        }
    }

    private (SocketsHttpHandler Handler, HttpMessageInvoker Invoker) Pool(ConnectionPoolSettings? settings)
    {
        var maxConnections = settings?.Tcp?.MaxConnections is > 0 and var m ? m : int.MaxValue;
        var connectTimeout = settings?.Tcp?.ConnectTimeout?.Value ?? DefaultConnectTimeout;
        var idleTimeout = settings?.Http?.IdleTimeout?.Value ?? TimeSpan.FromSeconds(60);
        var key = string.Create(CultureInfo.InvariantCulture, $"{maxConnections}|{connectTimeout.Ticks}|{idleTimeout.Ticks}");
        return _pools.GetOrAdd(key, static (_, s) =>
        {
            var handler = new SocketsHttpHandler
            {
                // Policy decides routing; nothing else may redirect, proxy or rewrite mesh traffic.
                AllowAutoRedirect = false,
                UseProxy = false,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.None,
                ConnectTimeout = s.ConnectTimeout,
                PooledConnectionIdleTimeout = s.IdleTimeout,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                MaxConnectionsPerServer = s.MaxConnections,
                EnableMultipleHttp2Connections = true,
            };
            return (handler, new HttpMessageInvoker(handler, disposeHandler: false));
        }, (MaxConnections: maxConnections, ConnectTimeout: connectTimeout, IdleTimeout: idleTimeout));
    }
}

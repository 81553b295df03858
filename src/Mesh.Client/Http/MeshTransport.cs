using System.Net;

namespace Mesh.Client.Http;

/// <summary>
/// The one connection pool of the process for mesh traffic: a <see cref="SocketsHttpHandler"/> shared by every
/// meshed HttpClient, so that connections to an endpoint are reused whatever client sends.
/// </summary>
internal sealed class MeshTransport : IDisposable
{
    private readonly SocketsHttpHandler _handler;

    public MeshTransport()
    {
        _handler = new SocketsHttpHandler
        {
            // Policy decides routing; nothing else may redirect, proxy or rewrite mesh traffic.
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(10), // Istio's default tcp.connectTimeout
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            EnableMultipleHttp2Connections = true,
        };
        Invoker = new HttpMessageInvoker(_handler, disposeHandler: false);
    }

    public HttpMessageInvoker Invoker { get; }

    public void Dispose()
    {
        Invoker.Dispose();
        _handler.Dispose();
    }
}

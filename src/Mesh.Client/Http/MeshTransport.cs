using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Mesh.Client.Balancing;
using Mesh.Client.Security;
using Mesh.Policy.Resources.Networking;

namespace Mesh.Client.Http;

/// <summary>
/// The connection pools of the process for mesh traffic: one <see cref="SocketsHttpHandler"/> per endpoint (and
/// per distinct DestinationRule connection-pool setting), shared by every meshed HttpClient. Each pool connects
/// to its endpoint's address whatever the request URI says, so a request keeps its service URI
/// (<c>http://reviews:9080/...</c>) and Host header, and picking an endpoint costs no URI or header rewrite —
/// what a sidecar does with its per-host pools. TLS (mesh mTLS or origination) is part of the pool: done in the
/// connect callback by <see cref="OutboundTlsConnector"/>, so the request keeps its <c>http</c> URI. So is telling a
/// mesh workload who calls: an HTTP/1.x connection to one carries this workload's peer metadata once, in its first
/// request (<see cref="PeerExchangeStream"/>).
/// </summary>
/// <param name="workload">The workload's certificate material for mTLS.</param>
/// <param name="peerHeaderValue">This workload's peer metadata (<c>app;version;namespace</c>), or null to send none.</param>
/// <param name="time">The clock of what the pools' TLS knows about their peers.</param>
internal sealed class MeshTransport(WorkloadTls? workload = null, string? peerHeaderValue = null, TimeProvider? time = null) : IDisposable
{
    /// <summary>How long a pooled connection serves requests before the pool replaces it.</summary>
    public static readonly TimeSpan ConnectionLifetime = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(10); // Istio's tcp.connectTimeout
    private static readonly TimeSpan RetiredPoolGrace = TimeSpan.FromMinutes(2);
    private readonly ConcurrentDictionary<string, Pool> _pools = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _requested = new(StringComparer.Ordinal);

    private readonly WorkloadTls _workload = workload ?? new WorkloadTls(new Identity.WorkloadIdentity());
    private readonly byte[]? _peerLine = peerHeaderValue is null ? null : PeerExchangeStream.HeaderLine(peerHeaderValue);

    /// <summary>
    /// The pool for requests to <paramref name="endpoint"/> under <paramref name="settings"/> and <paramref name="tls"/>;
    /// its connections tell the endpoint who calls when <paramref name="inMesh"/> (a mesh workload, not a
    /// ServiceEntry's host, which has no use for it: Istio's <c>IN_MESH</c>).
    /// </summary>
    public EndpointPool For(EndpointState endpoint, ConnectionPoolSettings? settings, OutboundTls? tls = null, bool inMesh = true)
    {
        tls ??= OutboundTls.Plaintext;
        var maxConnections = settings?.Tcp?.MaxConnections is > 0 and var m ? m : int.MaxValue;
        var connectTimeout = settings?.Tcp?.ConnectTimeout?.Value ?? DefaultConnectTimeout;
        var idleTimeout = settings?.Http?.IdleTimeout?.Value ?? TimeSpan.FromSeconds(60);
        var peerLine = inMesh ? _peerLine : null;
        var key = string.Create(CultureInfo.InvariantCulture, $"{endpoint.Key}|{maxConnections}|{connectTimeout.Ticks}|{idleTimeout.Ticks}|{tls.Key}|{(peerLine is null ? "" : "peer")}");
        _requested[key] = 0;
        var connector = tls.Mode == OutboundTlsMode.Plaintext ? null : new OutboundTlsConnector(tls, _workload, time);
        var settingsOfPool = new PoolSettings(endpoint.Address, endpoint.Port, maxConnections, connectTimeout, idleTimeout, connector, peerLine);
        var pool = _pools.GetOrAdd(key, static (_, s) => new Pool(s), settingsOfPool);
        return new EndpointPool(pool.Invoker, pool.Connector);
    }

    /// <summary>Pools open now (retired ones excluded).</summary>
    public int PoolCount => _pools.Count;

    /// <summary>
    /// Retires every pool that no <see cref="For"/> call asked for since the last call to this method (called after
    /// each snapshot compile): pools of endpoints that left, and of endpoints whose TLS or connection-pool settings
    /// changed (e.g. an instance that became mTLS-capable). In-flight requests finish on them; they are disposed
    /// after a grace period.
    /// </summary>
    public void RetainRequested()
    {
        foreach (var (key, pool) in _pools)
        {
            if (!_requested.ContainsKey(key) && _pools.TryRemove(key, out _))
            {
                _ = Task.Delay(RetiredPoolGrace).ContinueWith(static (_, p) => ((Pool)p!).Dispose(), pool, TaskScheduler.Default);
            }
        }

        _requested.Clear();
    }

    public void Dispose()
    {
        foreach (var pool in _pools.Values)
        {
            pool.Dispose();
        }
    }

    private readonly record struct PoolSettings(string Address, int Port, int MaxConnections, TimeSpan ConnectTimeout, TimeSpan IdleTimeout, OutboundTlsConnector? Connector, byte[]? PeerLine);

    private sealed class Pool : IDisposable
    {
        private readonly SocketsHttpHandler _handler;

        public Pool(PoolSettings settings)
        {
            var (address, port, maxConnections, connectTimeout, idleTimeout, connector, peerLine) = settings;
            EndPoint target = IPAddress.TryParse(address, out var ip) ? new IPEndPoint(ip, port) : new DnsEndPoint(address, port);
            _handler = new SocketsHttpHandler
            {
                // Policy decides routing; nothing else may redirect, proxy or rewrite mesh traffic.
                AllowAutoRedirect = false,
                UseProxy = false,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.None,
                ConnectTimeout = connectTimeout,
                PooledConnectionIdleTimeout = idleTimeout,
                PooledConnectionLifetime = ConnectionLifetime,
                MaxConnectionsPerServer = maxConnections,
                EnableMultipleHttp2Connections = true,

                // Mesh writes the trace context of mesh requests itself (Telemetry/Tracing/OutgoingTraceContext):
                // .NET's DiagnosticsHandler would otherwise replace it on a retry with an activity of its own.
                ActivityHeadersPropagator = null,
                ConnectCallback = async (_, cancellationToken) =>
                {
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                    try
                    {
                        await socket.ConnectAsync(target, cancellationToken).ConfigureAwait(false);
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }

                    var stream = new NetworkStream(socket, ownsSocket: true);
                    if (connector is null)
                    {
                        return stream;
                    }

                    try
                    {
                        return await connector.ConnectAsync(stream, cancellationToken).ConfigureAwait(false);
                    }
                    catch
                    {
                        await stream.DisposeAsync().ConfigureAwait(false);
                        throw;
                    }
                },
            };

            if (peerLine is not null)
            {
                // After TLS, once the protocol is known: HTTP/2 has no place for a line of our own (its requests
                // carry the header themselves, see OutboundCall).
                _handler.PlaintextStreamFilter = (context, _) => ValueTask.FromResult(
                    context.NegotiatedHttpVersion.Major == 1 ? new PeerExchangeStream(context.PlaintextStream, peerLine) : context.PlaintextStream);
            }

            Invoker = new HttpMessageInvoker(_handler, disposeHandler: false);
            Connector = connector;
        }

        public HttpMessageInvoker Invoker { get; }

        public OutboundTlsConnector? Connector { get; }

        public void Dispose()
        {
            Invoker.Dispose();
            _handler.Dispose();
        }
    }
}

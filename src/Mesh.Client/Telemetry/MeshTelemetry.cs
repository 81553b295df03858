using System.Diagnostics;
using System.Diagnostics.Metrics;
using Mesh.Client.Balancing;
using Mesh.Client.Identity;
using Mesh.Client.Telemetry.Metrics;
using Mesh.Client.Telemetry.Tracing;
using Microsoft.Extensions.Logging;

namespace Mesh.Client.Telemetry;

/// <summary>
/// One meshed app's telemetry: its Istio instruments (on a <c>Mesh</c> meter from the app's
/// <see cref="IMeterFactory"/>, so that several apps in one process keep their metrics apart), its identity as a
/// metric source, cached label arrays, and the access log. <see cref="OutboundCall"/> and
/// <see cref="InboundTelemetry"/> do the per-request work.
/// </summary>
internal sealed class MeshTelemetry
{
    private static readonly TimeSpan WallClockRefresh = TimeSpan.FromMinutes(1);

    private readonly LabelCache<OutboundKey> _outboundLabels = new();
    private readonly LabelCache<InboundKey> _inboundLabels = new();
    private readonly PeerTable _peers = new();
    private readonly WorkloadIdentity _identity;
    private WallClockAnchor? _wallClockAnchor;

    public MeshTelemetry(MeshOptions options, WorkloadIdentity identity, TimeProvider time, IMeterFactory? meters, ILoggerFactory? loggers)
    {
        _identity = identity;
        Time = time;
        Meter = meters?.Create(MeshEvents.Name) ?? new Meter(MeshEvents.Name);
        Istio = new IstioInstruments(Meter);
        Propagation = options.TracePropagation;
        AccessLog = options.AccessLog;
        AccessLogger = AccessLog.Enabled && loggers is not null ? loggers.CreateLogger(AccessLogWriter.Category) : null;
        App = options.ServiceName!;
        Version = options.Version;
        Namespace = options.Namespace;
        Workload = IstioLabels.Workload(App, Version);
        ServiceHost = App + "." + Namespace + "." + Policy.Resources.ServiceHost.ClusterDomain;
        PeerHeaderValue = PeerMetadata.Format(App, Version, Namespace);
        Inbound = new InboundTelemetry(this);
    }

    public TimeProvider Time { get; }

    /// <summary>
    /// The wall-clock time of <paramref name="timestamp"/> (a <see cref="Time"/> timestamp): a wall-clock reading
    /// taken with a timestamp, at most a minute ago, plus the monotonic time since. Access logs start their records
    /// here, so that a call a request made never shows an earlier start than the request: computed as "now minus
    /// the duration" at each record's end, two records read the wall clock at different moments, and an
    /// adjustment of the system clock between them (a VM's time sync) put a call before its request once in CI.
    /// </summary>
    public DateTimeOffset WallClockAt(long timestamp)
    {
        var anchor = Volatile.Read(ref _wallClockAnchor);
        if (anchor is null || Time.GetElapsedTime(anchor.Timestamp) > WallClockRefresh)
        {
            // Refreshed now and then so that a step of the system clock shows in the logs within a minute.
            anchor = new WallClockAnchor(Time.GetUtcNow(), Time.GetTimestamp());
            Volatile.Write(ref _wallClockAnchor, anchor);
        }

        return anchor.Utc + Time.GetElapsedTime(anchor.Timestamp, timestamp);
    }

    /// <summary>The app's <c>Mesh</c> meter (its <see cref="Meter.Scope"/> is the app's meter factory).</summary>
    public Meter Meter { get; }

    public IstioInstruments Istio { get; }

    public TracePropagation Propagation { get; }

    public AccessLogOptions AccessLog { get; }

    /// <summary>The access logger, or null when the access log is off.</summary>
    public ILogger? AccessLogger { get; }

    public string App { get; }

    public string? Version { get; }

    public string Namespace { get; }

    /// <summary>This workload as Istio names it (<c>reviews-v1</c>).</summary>
    public string Workload { get; }

    /// <summary>This service's host (<c>reviews.default.svc.cluster.local</c>).</summary>
    public string ServiceHost { get; }

    /// <summary>The <see cref="PeerMetadata.Header"/> value this workload sends.</summary>
    public string PeerHeaderValue { get; }

    public InboundTelemetry Inbound { get; }

    /// <summary>The path <c>MapMeshMetrics</c> serves (its scrapes are not counted as traffic), or null.</summary>
    public string? ScrapePath { get; set; }

    /// <summary>
    /// True when an outbound mesh request is observed (a listener on <c>Mesh</c> spans or metrics, or the access
    /// log): the caller then goes through <see cref="StartOutbound"/>. Otherwise the request is prepared here:
    /// when an activity is current (ASP.NET Core's, say), its context is written on the request, because the
    /// mesh's connection pools do not run .NET's own propagation (see <see cref="OutgoingTraceContext"/>). A few
    /// field reads when nothing observes and no activity is current.
    /// </summary>
    public bool PrepareOutbound(HttpRequestMessage request)
    {
        if (Istio.Enabled || MeshTracing.Source.HasListeners() || (AccessLogger is not null && AccessLog.Outbound))
        {
            return true;
        }

        if (Activity.Current is { } current && Propagation != TracePropagation.None)
        {
            OutgoingTraceContext.Inject(request, current, Propagation);
        }

        return false;
    }

    /// <summary>Begins the telemetry of an outbound mesh request.</summary>
    public OutboundCall StartOutbound(HttpRequestMessage request, Uri uri, string serviceHost) => new(this, request, uri, serviceHost);

    /// <summary>The labels of an outbound request (reporter=source).</summary>
    /// <param name="serviceHost">The destination service.</param>
    /// <param name="endpoint">The endpoint of the last attempt, if one was made.</param>
    /// <param name="peerPrincipal">The principal the endpoint proved over mTLS, if known.</param>
    /// <param name="status">The response's status code, or 0.</param>
    /// <param name="flags">The response flags.</param>
    public IstioLabelSet OutboundLabels(string serviceHost, EndpointState? endpoint, string? peerPrincipal, int status, string flags) =>
        _outboundLabels.Get(new OutboundKey(serviceHost, endpoint, peerPrincipal, _identity.Current, status, flags), this, static (k, self) => self.BuildOutbound(k));

    /// <summary>The labels of an inbound request (reporter=destination).</summary>
    public IstioLabelSet InboundLabels(string? peerHeader, string? peerPrincipal, int status, string flags)
    {
        if (peerHeader is not null && !_peers.Admit(peerHeader))
        {
            peerHeader = null; // too many distinct callers claimed: keep the label set bounded
        }

        return _inboundLabels.Get(new InboundKey(peerHeader, peerPrincipal, _identity.Current, status, flags), this, static (k, self) => self.BuildInbound(k));
    }

    private KeyValuePair<string, object?>[] BuildOutbound(OutboundKey key)
    {
        var (name, ns) = IstioLabels.SplitHost(key.ServiceHost);
        string? app = null;
        string? version = null;
        if (key.Endpoint is { } endpoint)
        {
            endpoint.Labels.TryGetValue("app", out app);
            endpoint.Labels.TryGetValue("version", out version);
            app ??= name;
        }

        return
        [
            new(IstioLabels.Reporter, "source"),
            new(IstioLabels.SourceWorkload, Workload),
            new(IstioLabels.SourceWorkloadNamespace, Namespace),
            new(IstioLabels.SourcePrincipal, key.Certificate is { } c ? c.Identity.ToString() : IstioLabels.Unknown),
            new(IstioLabels.SourceApp, App),
            new(IstioLabels.SourceVersion, Version ?? IstioLabels.Unknown),
            new(IstioLabels.DestinationWorkload, key.Endpoint is null ? IstioLabels.Unknown : IstioLabels.Workload(app, version)),
            new(IstioLabels.DestinationWorkloadNamespace, ns),
            new(IstioLabels.DestinationService, key.ServiceHost),
            new(IstioLabels.DestinationServiceName, name),
            new(IstioLabels.DestinationServiceNamespace, ns),
            new(IstioLabels.DestinationVersion, version ?? IstioLabels.Unknown),
            new(IstioLabels.DestinationPrincipal, key.PeerPrincipal ?? IstioLabels.Unknown),
            new(IstioLabels.RequestProtocol, "http"),
            new(IstioLabels.ResponseCode, IstioLabels.Code(key.Status)),
            new(IstioLabels.ResponseFlags, key.Flags),
            new(IstioLabels.ConnectionSecurityPolicy, IstioLabels.Unknown),
        ];
    }

    private KeyValuePair<string, object?>[] BuildInbound(InboundKey key)
    {
        var known = PeerMetadata.TryParse(key.PeerHeader, out var app, out var version, out var ns);
        return
        [
            new(IstioLabels.Reporter, "destination"),
            new(IstioLabels.SourceWorkload, known ? IstioLabels.Workload(app, version) : IstioLabels.Unknown),
            new(IstioLabels.SourceWorkloadNamespace, known ? ns : IstioLabels.Unknown),
            new(IstioLabels.SourcePrincipal, IstioLabels.Principal(key.PeerPrincipal)),
            new(IstioLabels.SourceApp, known ? app : IstioLabels.Unknown),
            new(IstioLabels.SourceVersion, known && version is not null ? version : IstioLabels.Unknown),
            new(IstioLabels.DestinationWorkload, Workload),
            new(IstioLabels.DestinationWorkloadNamespace, Namespace),
            new(IstioLabels.DestinationService, ServiceHost),
            new(IstioLabels.DestinationServiceName, App),
            new(IstioLabels.DestinationServiceNamespace, Namespace),
            new(IstioLabels.DestinationVersion, Version ?? IstioLabels.Unknown),
            new(IstioLabels.DestinationPrincipal, key.PeerPrincipal is not null && key.Certificate is { } c ? c.Identity.ToString() : IstioLabels.Unknown),
            new(IstioLabels.RequestProtocol, "http"),
            new(IstioLabels.ResponseCode, IstioLabels.Code(key.Status)),
            new(IstioLabels.ResponseFlags, key.Flags),
            new(IstioLabels.ConnectionSecurityPolicy, key.PeerPrincipal is null ? "none" : "mutual_tls"),
        ];
    }

    private readonly record struct OutboundKey(string ServiceHost, EndpointState? Endpoint, string? PeerPrincipal, WorkloadCertificate? Certificate, int Status, string Flags);

    private sealed record WallClockAnchor(DateTimeOffset Utc, long Timestamp);

    private readonly record struct InboundKey(string? PeerHeader, string? PeerPrincipal, WorkloadCertificate? Certificate, int Status, string Flags);
}

using System.Diagnostics.Metrics;
using Mesh.Client.Balancing;
using Mesh.Client.Http;
using Mesh.Client.Resilience;
using Mesh.Client.Routing;
using Mesh.Client.Security.Authorization;
using Mesh.Policy.Resources;
using Mesh.Client.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mesh.Client;

/// <summary>
/// The data plane's shared state in one process: the current compiled snapshot (swapped atomically, read once
/// per request), the endpoint registry whose state outlives snapshots, and the shared transport.
/// </summary>
internal sealed partial class MeshRuntime : IDisposable
{
    private readonly SnapshotCompiler _compiler;
    private readonly AuthorizationCompiler _authorizationCompiler;
    private readonly ILogger<MeshRuntime> _logger;
    private readonly Lock _updateLock = new();
    private readonly TaskCompletionSource _firstPolicy = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private MeshSnapshot _snapshot = MeshSnapshot.Empty;
    private AuthorizationEngine _authorization = AuthorizationEngine.AllowAll;

    public MeshRuntime(IOptions<MeshOptions> options, IMeshRandom random, TimeProvider time, ILogger<MeshRuntime> logger, IMeterFactory? meters = null, ILoggerFactory? loggers = null)
    {
        var o = options.Value;
        Options = o;
        Random = random;
        Time = time;
        _logger = logger;
        Caller = new CallerIdentity(o.ServiceName!, o.Namespace, o.EffectiveLabels);
        Tls = new Security.WorkloadTls(Identity);
        Telemetry = new MeshTelemetry(o, Identity, time, meters, loggers);
        Transport = new MeshTransport(Tls, Telemetry.PeerHeaderValue, time);
        _compiler = new SnapshotCompiler(Caller, Endpoints, Destinations, Transport, random, time, o.RootNamespace);
        _authorizationCompiler = new AuthorizationCompiler(new WorkloadScope(o.Namespace, o.EffectiveLabels, o.EffectiveServiceAccount, o.RootNamespace, o.TrustDomain));
    }

    public MeshOptions Options { get; }

    public CallerIdentity Caller { get; }

    public IMeshRandom Random { get; }

    public TimeProvider Time { get; }

    public EndpointRegistry Endpoints { get; } = new();

    public DestinationRegistry Destinations { get; } = new();

    public MeshTransport Transport { get; }

    /// <summary>Per-edge request counters for the live topology (<see cref="Telemetry.Topology.TopologyReporter"/> sends them).</summary>
    public Telemetry.Topology.TopologyRecorder Topology { get; } = new();

    /// <summary>This workload's certificate and trust bundle, when it has an identity.</summary>
    public Identity.WorkloadIdentity Identity { get; } = new();

    /// <summary>The TLS material of <see cref="Identity"/>, prepared once per certificate.</summary>
    public Security.WorkloadTls Tls { get; }

    /// <summary>This app's spans, metrics and access log.</summary>
    public MeshTelemetry Telemetry { get; }

    /// <summary>The snapshot in force. One volatile read; never locked.</summary>
    public MeshSnapshot Snapshot => Volatile.Read(ref _snapshot);

    /// <summary>The inbound authorization policy in force for this workload. One volatile read; never locked.</summary>
    public AuthorizationEngine Authorization => Volatile.Read(ref _authorization);

    /// <summary>Completes when the first policy has been compiled.</summary>
    public Task FirstPolicy => _firstPolicy.Task;

    /// <summary>
    /// Compiles <paramref name="resources"/> and swaps the snapshot. A compile failure keeps the last good snapshot
    /// (and says why); requests in flight finish on the snapshot they started with.
    /// </summary>
    public bool Update(IReadOnlyCollection<MeshResource> resources, long revision)
    {
        lock (_updateLock)
        {
            try
            {
                var snapshot = _compiler.Compile(resources, revision);
                var authorization = _authorizationCompiler.Compile(resources, revision);
                Volatile.Write(ref _snapshot, snapshot);
                Volatile.Write(ref _authorization, authorization);
                _firstPolicy.TrySetResult();
                LogUpdated(_logger, revision, resources.Count, snapshot.Targets.Count);
                LogAuthorization(_logger, authorization.DenyPolicies, authorization.AllowPolicies, revision);
                return true;
            }
#pragma warning disable CA1031 // a bad update must never take the data plane down: keep serving the last snapshot
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogCompileFailed(_logger, ex, revision);
                return false;
            }
        }
    }

    public void Dispose() => Transport.Dispose();

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Mesh policy at revision {Revision}: {Resources} resources, {Targets} targets")]
    private static partial void LogUpdated(ILogger logger, long revision, int resources, int targets);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Inbound authorization: {Deny} DENY and {Allow} ALLOW policies apply to this workload at revision {Revision}")]
    private static partial void LogAuthorization(ILogger logger, int deny, int allow, long revision);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Mesh policy at revision {Revision} could not be compiled; keeping the previous snapshot")]
    private static partial void LogCompileFailed(ILogger logger, Exception exception, long revision);
}

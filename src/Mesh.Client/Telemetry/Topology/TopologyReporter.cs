using System.Security.Cryptography;
using Mesh.Client.Registration;
using Mesh.Policy.Api;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mesh.Client.Telemetry.Topology;

/// <summary>
/// Every <see cref="MeshOptions.TopologyReportInterval"/>, posts what <see cref="TopologyRecorder"/> counted since
/// the last report to the control server, with this instance's ejected endpoints and certificate expiry. Sends
/// nothing when there is nothing new. Telemetry must never hurt traffic: a failed report is dropped, not retried,
/// and logged at debug level only.
/// </summary>
internal sealed partial class TopologyReporter(MeshRuntime runtime, InstanceRegistrar registrar, ILogger<TopologyReporter> logger) : BackgroundService
{
    /// <summary>State (ejections, certificate) that has not changed is still re-sent this often, so the server keeps it.</summary>
    private static readonly TimeSpan StateRefresh = TimeSpan.FromSeconds(30);

    private readonly string _reporterId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
    private long _lastDrain;
    private long _lastSent;
    private string _lastState = "";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = runtime.Options;
        if (options.ControlPlane.Count == 0 || options.TopologyReportInterval <= TimeSpan.Zero)
        {
            return;
        }

        using var http = new HttpClient { BaseAddress = new Uri(options.ControlPlane[0]), Timeout = TimeSpan.FromSeconds(5) };
        var client = new ControlPlaneClient(http, options.JoinToken);
        using var timer = new PeriodicTimer(options.TopologyReportInterval, runtime.Time);
        _lastDrain = runtime.Time.GetTimestamp();
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await SendAsync(client, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: flush what the last interval counted, briefly, so a short-lived caller's traffic is seen.
            using var flush = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await SendAsync(client, flush.Token).ConfigureAwait(false);
        }
    }

    /// <summary>Builds the report since the previous one, or null when there is nothing worth sending.</summary>
    internal TopologyReport? BuildReport()
    {
        var time = runtime.Time;
        var now = time.GetTimestamp();
        var interval = time.GetElapsedTime(_lastDrain, now).TotalSeconds;
        _lastDrain = now;
        var edges = runtime.Topology.Drain();
        var ejected = EjectedEndpoints.Collect(runtime.Snapshot, time);
        var notAfter = runtime.Identity.Current?.NotAfter;

        var state = StateKey(ejected, notAfter);
        var hasState = ejected.Count > 0 || notAfter is not null;
        var stateDue = state != _lastState || (hasState && time.GetElapsedTime(_lastSent, now) >= StateRefresh);
        if (edges.Count == 0 && !stateDue)
        {
            return null;
        }

        _lastState = state;
        _lastSent = now;
        var options = runtime.Options;
        return new TopologyReport
        {
            Source = new TopologySource(options.ServiceName!, options.Namespace, options.Version, _reporterId, registrar.InstanceId),
            IntervalSeconds = Math.Round(interval, 3),
            Edges = edges,
            Ejected = ejected,
            CertificateNotAfter = notAfter,
        };
    }

    private async Task SendAsync(ControlPlaneClient client, CancellationToken cancellationToken)
    {
        if (BuildReport() is not { } report)
        {
            return;
        }

        try
        {
            await client.ReportTopologyAsync(report, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // telemetry is best effort: whatever failed, the delta is dropped and traffic goes on
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogReportDropped(logger, ex.Message);
        }
    }

    private static string StateKey(List<EjectedEndpointReport> ejected, DateTimeOffset? notAfter)
    {
        if (ejected.Count == 0 && notAfter is null)
        {
            return "";
        }

        var keys = new List<string>(ejected.Count + 1) { notAfter?.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-" };
        foreach (var e in ejected)
        {
            keys.Add(e.Host + "|" + e.Subset + "|" + e.Endpoint);
        }

        keys.Sort(StringComparer.Ordinal);
        return string.Join(',', keys);
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Debug, Message = "Topology report dropped ({Reason})")]
    private static partial void LogReportDropped(ILogger logger, string reason);
}

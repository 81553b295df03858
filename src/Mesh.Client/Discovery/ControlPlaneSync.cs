using Mesh.Client.Identity;
using Mesh.Policy.Api;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mesh.Client.Discovery;

/// <summary>
/// Keeps the runtime's policy in step with the control server: a full list, then long-poll watches from the
/// revision seen, resyncing when told to. When the server is unreachable, the last policy keeps serving (static
/// stability) and the sync retries with capped, jittered back-off, rotating through the configured URLs.
/// Start-up waits (up to <see cref="MeshOptions.InitialSyncTimeout"/>) for the first policy, so that a service
/// does not serve before it knows its routes.
/// </summary>
internal sealed partial class ControlPlaneSync(MeshRuntime runtime, IdentityAgent identity, ILogger<ControlPlaneSync> logger) : BackgroundService
{
    private static readonly TimeSpan WatchTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);
    private readonly PolicySet _policy = new();

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (runtime.Options.ControlPlane.Count == 0)
        {
            return;
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
        var timeout = runtime.Options.InitialSyncTimeout;
        if (timeout > TimeSpan.Zero && await Task.WhenAny(runtime.FirstPolicy, Task.Delay(timeout, runtime.Time, cancellationToken)).ConfigureAwait(false) != runtime.FirstPolicy)
        {
            LogStartingWithoutPolicy(logger, timeout.TotalSeconds);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var urls = runtime.Options.ControlPlane;
        var failures = 0;
        var urlIndex = 0;
        long revision = 0;
        var resync = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            using var http = new HttpClient { BaseAddress = new Uri(urls[urlIndex % urls.Count]), Timeout = WatchTimeout + TimeSpan.FromSeconds(15) };
            var client = new ControlPlaneClient(http, runtime.Options.JoinToken);
            try
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    if (resync)
                    {
                        var (listRevision, items, unreadable) = await client.ListReadableAsync(null, null, stoppingToken).ConfigureAwait(false);
                        foreach (var skipped in unreadable)
                        {
                            LogSkipped(logger, skipped.Kind, skipped.Namespace, skipped.Name, skipped.Reason);
                        }

                        _policy.ReplaceAll(items, unreadable);
                        revision = listRevision;
                        resync = false;
                        runtime.Update(_policy.Resources, revision);
                        if (failures > 0)
                        {
                            LogReconnected(logger, http.BaseAddress, revision);
                            identity.ObserveReconnected();
                        }

                        failures = 0;
                    }

                    var watch = await client.WatchAsync(revision, new WatchFilter(), WatchTimeout, stoppingToken).ConfigureAwait(false);
                    failures = 0;

                    // The trust bundle reaches workloads through the watch: each answer names its version.
                    identity.ObserveTrustBundleVersion(watch.TrustBundleVersion);
                    if (watch.Resync)
                    {
                        resync = true;
                        continue;
                    }

                    foreach (var change in watch.Events)
                    {
                        if (_policy.Apply(change) is { } skipped)
                        {
                            LogSkipped(logger, skipped.Kind, skipped.Namespace, skipped.Name, skipped.Reason);
                        }
                    }

                    if (watch.Events.Count > 0)
                    {
                        runtime.Update(_policy.Resources, watch.Revision);
                    }

                    revision = watch.Revision;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is ControlPlaneException or HttpRequestException or FormatException or TaskCanceledException)
            {
                failures++;
                urlIndex++;
                resync = true; // after a gap, a full list is the only safe way back
                var delay = Backoff(failures);
                LogUnreachable(logger, http.BaseAddress!, ex.Message, delay.TotalMilliseconds);
                try
                {
                    await Task.Delay(delay, runtime.Time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private TimeSpan Backoff(int failures)
    {
        var exponential = Math.Min(MaxBackoff.TotalMilliseconds, 100 * Math.Pow(2, Math.Min(failures, 10)));
        return TimeSpan.FromMilliseconds(exponential / 2 + (runtime.Random.NextDouble() * exponential / 2));
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Control server {Server} unreachable ({Reason}); serving the last policy, retrying in {DelayMs:F0} ms")]
    private static partial void LogUnreachable(ILogger logger, Uri server, string reason, double delayMs);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Reconnected to control server {Server} at revision {Revision}")]
    private static partial void LogReconnected(ILogger logger, Uri? server, long revision);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "Skipped {Kind} {Namespace}/{Name} from the control server: this client cannot read it ({Reason}); is the server newer? The rest of the policy applies, and an earlier version of it, if any, is kept")]
    private static partial void LogSkipped(ILogger logger, string? kind, string? @namespace, string? name, string reason);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "No policy from the control server after {Seconds} s; starting without it and retrying")]
    private static partial void LogStartingWithoutPolicy(ILogger logger, double seconds);
}

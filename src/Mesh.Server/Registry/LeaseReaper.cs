using Mesh.Server.Hosting;

namespace Mesh.Server.Registry;

/// <summary>Expires leases on a short tick (a fraction of the TTL, at most one second) so that dead instances leave promptly.</summary>
internal sealed partial class LeaseReaper(InstanceRegistry registry, MeshServerOptions options, ILogger<LeaseReaper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var tick = TimeSpan.FromMilliseconds(Math.Clamp(options.LeaseTtl.TotalMilliseconds / 10, 50, 1000));
        using var timer = new PeriodicTimer(tick, options.TimeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await registry.ExpireAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (IOException ex)
                {
                    // The store could not be written: keep the leases and try on the next tick.
                    LogExpireFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(EventId = 203, Level = LogLevel.Error, Message = "Could not remove expired instances")]
    private static partial void LogExpireFailed(ILogger logger, Exception exception);
}

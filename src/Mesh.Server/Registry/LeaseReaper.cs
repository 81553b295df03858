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
                    ThrowIfFaultInjected();
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

    /// <summary>
    /// A test-only switch: with <c>MESH_SERVER_TEST_FAULT=lease-reaper</c> the reaper fails as an out-of-memory
    /// would. Only what does not derive from IOException ends the reaper (the store turns every write failure into
    /// one), and nothing else a test can provoke here does, so the exit-code test needs this.
    /// </summary>
    private static void ThrowIfFaultInjected()
    {
        if (Environment.GetEnvironmentVariable(TestFaultVariable) == "lease-reaper")
        {
            throw new InvalidOperationException($"fault injected by {TestFaultVariable} (a test-only switch)");
        }
    }

    /// <summary>The name of the test-only fault switch.</summary>
    public const string TestFaultVariable = "MESH_SERVER_TEST_FAULT";

    [LoggerMessage(EventId = 203, Level = LogLevel.Error, Message = "Could not remove expired instances")]
    private static partial void LogExpireFailed(ILogger logger, Exception exception);
}

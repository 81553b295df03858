using Microsoft.Extensions.Hosting;

namespace BookInfo.Hosting;

/// <summary>
/// Replaces the console lifetime of each service's host: one process runs several hosts, and
/// <see cref="ShutdownSignal"/> stops them in order on Ctrl+C, rather than each host reacting on its own.
/// </summary>
internal sealed class ProcessLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

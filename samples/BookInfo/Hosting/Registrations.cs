using Mesh.Policy.Api;
using Mesh.Policy.Resources;
using Mesh.Policy.Resources.Networking;

namespace BookInfo.Hosting;

/// <summary>
/// Waits for services to appear in the control server's registry: a service registers once its Kestrel listens,
/// and the banner should not send anyone to a page whose backends nobody can find yet.
/// </summary>
internal static class Registrations
{
    /// <summary>Returns the services still missing when <paramref name="timeout"/> ran out (none when all made it).</summary>
    public static async Task<IReadOnlyList<RunningService>> WaitAsync(
        ControlPlaneClient client, IReadOnlyList<RunningService> services, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        IReadOnlyList<RunningService> missing = services;
        try
        {
            while (true)
            {
                try
                {
                    var (_, entries) = await client.ListAsync(ResourceKinds.WorkloadEntry, "default", deadline.Token);
                    missing = Missing(services, entries);
                    if (missing.Count == 0)
                    {
                        return missing;
                    }
                }
                catch (ControlPlaneException)
                {
                    // Not reachable yet; the services keep trying on their own, and so do we until the deadline.
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return missing;
        }
    }

    private static List<RunningService> Missing(IReadOnlyList<RunningService> services, IReadOnlyList<MeshResource> entries)
    {
        var missing = new List<RunningService>();
        foreach (var service in services)
        {
            if (!entries.Any(e => e is WorkloadEntry we && IsInstanceOf(we, service)))
            {
                missing.Add(service);
            }
        }

        return missing;
    }

    private static bool IsInstanceOf(WorkloadEntry entry, RunningService service) =>
        entry.Spec.Labels?.GetValueOrDefault("app") == service.Workload.Service
        && entry.Spec.Labels?.GetValueOrDefault("version") == service.Workload.Version
        && entry.Spec.Ports?.ContainsValue(service.Port) == true;
}

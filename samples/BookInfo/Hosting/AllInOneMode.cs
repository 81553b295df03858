namespace BookInfo.Hosting;

/// <summary>No arguments: the control server and all six services in this one process.</summary>
internal static class AllInOneMode
{
    public static async Task<int> RunAsync(BookInfoArguments args, ShutdownSignal signal, TextWriter output)
    {
        await using var controlPlane = await EmbeddedControlPlane.StartAsync(args, signal.Token);
        var mesh = new MeshConnection(controlPlane.Address, controlPlane.JoinToken);
        var services = new List<RunningService>();
        try
        {
            foreach (var workload in Workloads.Default)
            {
                services.Add(await RunningService.StartAsync(workload, args.PortOf(workload), mesh, args, signal.Token));
            }

            var missing = await Registrations.WaitAsync(controlPlane.Admin, services, TimeSpan.FromSeconds(15), signal.Token);
            foreach (var service in missing)
            {
                await Console.Error.WriteLineAsync($"warning: {service.Workload.DisplayName} has not registered with the control server yet; its callers cannot find it until it does");
            }

            Banner.AllInOne(output, controlPlane, services, await controlPlane.VirtualServicesAsync(signal.Token));
            await signal.WaitAsync();
            output.WriteLine("Stopping BookInfo...");
        }
        finally
        {
            // The services first, while the control server is still there to take their deregistrations.
            await StopAsync(services);
        }

        return 0;
    }

    public static Task StopAsync(IEnumerable<RunningService> services) =>
        Task.WhenAll(services.Select(static s => s.DisposeAsync().AsTask()));
}

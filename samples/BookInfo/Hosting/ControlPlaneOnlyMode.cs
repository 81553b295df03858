namespace BookInfo.Hosting;

/// <summary><c>--control-plane-only</c>: the control server with BookInfo's version subsets, for services run one per process.</summary>
internal static class ControlPlaneOnlyMode
{
    public static async Task<int> RunAsync(BookInfoArguments args, ShutdownSignal signal, TextWriter output)
    {
        await using var controlPlane = await EmbeddedControlPlane.StartAsync(args, signal.Token);
        Banner.ControlPlaneOnly(output, controlPlane, await controlPlane.VirtualServicesAsync(signal.Token));
        await signal.WaitAsync();
        return 0;
    }
}

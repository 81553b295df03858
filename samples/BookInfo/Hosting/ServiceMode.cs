using Mesh.Policy.Api;

namespace BookInfo.Hosting;

/// <summary><c>--service NAME [--version V]</c>: one service in this process, joining a control server that runs elsewhere.</summary>
internal static class ServiceMode
{
    public static async Task<int> RunAsync(BookInfoArguments args, ShutdownSignal signal, TextWriter output)
    {
        var workload = args.Workload!;
        var joinToken = args.JoinToken ?? ReadJoinToken(args.DataDirectory);
        await using var service = await RunningService.StartAsync(
            workload, args.PortOf(workload), new MeshConnection(args.ControlPlane, joinToken), args, signal.Token);

        using (var http = new HttpClient { BaseAddress = new Uri(args.ControlPlane), Timeout = TimeSpan.FromSeconds(5) })
        {
            var missing = await Registrations.WaitAsync(new ControlPlaneClient(http, joinToken), [service], TimeSpan.FromSeconds(10), signal.Token);
            if (missing.Count > 0)
            {
                await Console.Error.WriteLineAsync(
                    $"warning: {workload.DisplayName} is not registered with the control server at {args.ControlPlane} yet (is it running, and is the join token right?); it keeps trying");
            }
        }

        Banner.Service(output, service, args.ControlPlane);
        await signal.WaitAsync();
        return 0;
    }

    /// <summary>The join token the control server wrote into its data directory, when it runs from the same directory.</summary>
    private static string ReadJoinToken(string dataDirectory)
    {
        var file = Path.Combine(dataDirectory, "join.token");
        try
        {
            var token = File.ReadAllText(file).Trim();
            if (token.Length > 0)
            {
                return token;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Reported below with what to do instead.
        }

        throw new BookInfoStartException(
            $"no join token: pass --join-token T, set MESH_JOIN_TOKEN, or run from the directory where the control server keeps {Path.Combine(dataDirectory, "join.token")} (--data-dir DIR names another)")
        {
            ExitCode = 2,
        };
    }
}

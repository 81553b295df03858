namespace BookInfo.Hosting;

/// <summary>Parses the command line, runs the mode it asks for until Ctrl+C, and turns failures into exit codes.</summary>
internal static class BookInfoHost
{
    /// <summary>Runs BookInfo; returns 0 after a graceful stop, 1 when it cannot start, 2 for bad arguments.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var parsed = BookInfoArguments.Parse(args, Environment.GetEnvironmentVariable, out var problem);
        if (parsed is null)
        {
            if (problem is null)
            {
                await output.WriteLineAsync(BookInfoArguments.Usage);
                return 0;
            }

            await error.WriteLineAsync("error: " + problem);
            await error.WriteLineAsync("Run with --help for usage.");
            return 2;
        }

        using var signal = new ShutdownSignal();
        try
        {
            return parsed.Mode switch
            {
                RunMode.Service => await ServiceMode.RunAsync(parsed, signal, output),
                RunMode.ControlPlaneOnly => await ControlPlaneOnlyMode.RunAsync(parsed, signal, output),
                _ => await AllInOneMode.RunAsync(parsed, signal, output),
            };
        }
        catch (BookInfoStartException ex)
        {
            await error.WriteLineAsync("error: " + ex.Message);
            return ex.ExitCode;
        }
        catch (OperationCanceledException) when (signal.Token.IsCancellationRequested)
        {
            // Ctrl+C while starting: what had started has been stopped on the way out.
            return 0;
        }
    }
}

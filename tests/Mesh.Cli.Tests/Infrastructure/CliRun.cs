namespace Mesh.Cli.Tests.Infrastructure;

/// <summary>The outcome of one in-process meshctl run.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Error)
{
    public string[] OutLines => Lines(Out);

    public string[] ErrorLines => Lines(Error);

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}--- stderr\n{Error}";

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
}

/// <summary>
/// Runs meshctl in-process with captured streams, a private environment (never the developer's MESH_* variables),
/// a working directory and, optionally, a stub in place of the server.
/// </summary>
internal sealed class CliRun
{
    public static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public string WorkingDirectory { get; init; } = Directory.GetCurrentDirectory();

    public Dictionary<string, string> Environment { get; init; } = [];

    public StubControlServer? Server { get; init; }

    public string StandardInput { get; init; } = "";

    public async Task<CliResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new MeshCtlContext
        {
            Out = output,
            Error = error,
            In = new StringReader(StandardInput),
            WorkingDirectory = WorkingDirectory,
            GetEnvironmentVariable = name => Environment.GetValueOrDefault(name),
            CreateHttpHandler = Server is null ? null : () => Server,
            TimeProvider = new FixedTimeProvider(Now),
        };

        // A guard so that a hang fails the test instead of the run.
        var exitCode = await MeshCtl.RunAsync(args, context).WaitAsync(TimeSpan.FromSeconds(30));
        return new CliResult(exitCode, output.ToString().Replace("\r\n", "\n", StringComparison.Ordinal), error.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    public static Task<CliResult> Run(params string[] args) => new CliRun().RunAsync(args);
}

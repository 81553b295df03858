namespace Mesh.Cli;

/// <summary>
/// Everything meshctl takes from its surroundings: streams, working directory, environment, clock and the HTTP
/// transport. The console supplies them in production; tests supply their own, so meshctl runs in-process.
/// </summary>
public sealed class MeshCtlContext
{
    /// <summary>Where results go (tables, YAML, "created" lines).</summary>
    public required TextWriter Out { get; init; }

    /// <summary>Where errors, warnings and hints go.</summary>
    public required TextWriter Error { get; init; }

    /// <summary>What <c>-f -</c> reads. <value>Default: an empty reader.</value></summary>
    public TextReader In { get; init; } = TextReader.Null;

    /// <summary>
    /// The directory that relative paths and <c>./mesh-data/admin.token</c> are resolved against.
    /// <value>Default: the process's current directory.</value>
    /// </summary>
    public string WorkingDirectory { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>
    /// Reads an environment variable (<c>MESH_SERVER</c>, <c>MESH_TOKEN</c>), or returns null.
    /// <value>Default: the process environment.</value>
    /// </summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>
    /// Creates the handler under the HTTP client that talks to the control server; meshctl disposes it.
    /// <value>Default: null, meaning a <see cref="SocketsHttpHandler"/>.</value>
    /// </summary>
    public Func<HttpMessageHandler>? CreateHttpHandler { get; init; }

    /// <summary>The clock that resource ages are measured with. <value>Default: <see cref="TimeProvider.System"/>.</value></summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>A context over the process console, environment and current directory.</summary>
    public static MeshCtlContext ForConsole() => new()
    {
        Out = Console.Out,
        Error = Console.Error,
        In = Console.In,
    };
}

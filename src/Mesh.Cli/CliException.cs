namespace Mesh.Cli;

/// <summary>
/// A failure that ends the command with a message for the user and an exit code. Thrown only at the edges
/// (argument checks, file reading) and caught once, in <see cref="Commands.CommandRunner"/>.
/// </summary>
internal sealed class CliException : Exception
{
    public CliException(string message, int exitCode)
        : base(message)
    {
        ExitCode = exitCode;
    }

    /// <summary>The process exit code to end with.</summary>
    public int ExitCode { get; }

    /// <summary>A wrong command line (exit 2).</summary>
    public static CliException Usage(string message) => new(message, ExitCodes.UsageOrUnreachable);

    /// <summary>Invalid input (exit 1).</summary>
    public static CliException Invalid(string message) => new(message, ExitCodes.Rejected);
}

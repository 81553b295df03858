namespace Mesh.Cli;

/// <summary>meshctl's process exit codes; scripts depend on them, so they never change meaning.</summary>
internal static class ExitCodes
{
    /// <summary>Done as asked.</summary>
    public const int Success = 0;

    /// <summary>The input is invalid, or the control server refused it (400, 401, 403, 404, 409).</summary>
    public const int Rejected = 1;

    /// <summary>The command line is wrong, or the control server could not be reached.</summary>
    public const int UsageOrUnreachable = 2;
}

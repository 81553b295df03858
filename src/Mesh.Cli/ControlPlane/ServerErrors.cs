using System.Net;
using System.Text.Json;
using Mesh.Cli.Output;
using Mesh.Policy.Api;

namespace Mesh.Cli.ControlPlane;

/// <summary>
/// Turns a failed call to the control server into a message that says what to fix, and an exit code:
/// 2 when the server could not be reached (or is not a Mesh server), 1 when it answered and refused.
/// </summary>
internal static class ServerErrors
{
    private const string StartHint = "is it running? (dotnet run --project src/Mesh.Server)";

    public static int Report(ControlPlaneException ex, ConnectionSettings settings, TextWriter error)
    {
        if (ex.IsUnreachable)
        {
            var reason = ex.InnerException is HttpRequestException inner ? inner.Message : ex.Message;
            error.WriteLine($"error: cannot reach the control server at {settings.Server}: {reason}; {StartHint}");
            error.WriteLine($"       (use --server or {GlobalOptions.ServerVariable} if it listens elsewhere)");
            return ExitCodes.UsageOrUnreachable;
        }

        switch (ex.StatusCode)
        {
            case HttpStatusCode.Unauthorized when settings.Token is null:
                error.WriteLine($"error: the control server requires a token and none was found; pass --token, set {GlobalOptions.TokenVariable}, "
                    + $"or run meshctl in the directory that holds {GlobalOptions.TokenFile} (where the server was started)");
                break;
            case HttpStatusCode.Unauthorized:
                error.WriteLine($"error: the control server refused the token (from {settings.TokenSource}); pass --token or set {GlobalOptions.TokenVariable}");
                break;
            case HttpStatusCode.Forbidden:
                error.WriteLine($"error: the token (from {settings.TokenSource ?? "nowhere"}) is not allowed to do this: {ex.Message}; use the admin token ({GlobalOptions.TokenFile})");
                break;
            case >= HttpStatusCode.InternalServerError:
                error.WriteLine($"error: the control server failed ({(int)ex.StatusCode!}): {ex.Message}");
                break;
            default:
                // 400, 404, 409 and the like: the server's diagnostics say exactly what to fix, so they come first.
                DiagnosticWriter.WriteErrors(ex.Diagnostics, error);
                error.WriteLine($"error: {ex.Message}");
                break;
        }

        return ExitCodes.Rejected;
    }

    /// <summary>The server answered 2xx with something that is not the Mesh API: probably the wrong address.</summary>
    public static int ReportUnreadable(Exception ex, ConnectionSettings settings, TextWriter error)
    {
        var what = ex is JsonException or NotSupportedException ? "an answer that is not the Mesh API" : "a resource meshctl cannot read";
        error.WriteLine($"error: {settings.Server} sent {what} ({ex.Message}); is --server pointing at a Mesh control server of the same version?");
        return ExitCodes.UsageOrUnreachable;
    }
}

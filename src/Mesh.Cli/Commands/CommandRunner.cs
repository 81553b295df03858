using System.CommandLine;
using System.Text.Json;
using Mesh.Cli.ControlPlane;
using Mesh.Policy.Api;

namespace Mesh.Cli.Commands;

/// <summary>
/// The one place where a command's failures become messages and exit codes, so that each command is written
/// for the success path and every command reports errors the same way.
/// </summary>
internal static class CommandRunner
{
    /// <summary>Sets <paramref name="run"/> as the command's action, reporting <see cref="CliException"/>s.</summary>
    public static void SetAction(Command command, MeshCtlContext context, Func<ParseResult, CancellationToken, Task<int>> run)
    {
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            try
            {
                return await run(parseResult, cancellationToken).ConfigureAwait(false);
            }
            catch (CliException ex)
            {
                context.Error.WriteLine("error: " + ex.Message);
                return ex.ExitCode;
            }
        });
    }

    /// <summary>Connects to the control server and runs <paramref name="call"/>, reporting what the server refused.</summary>
    public static async Task<int> WithServerAsync(ConnectionSettings settings, MeshCtlContext context, Func<ControlPlaneClient, Task<int>> call)
    {
        using var connection = new ServerConnection(settings, context);
        try
        {
            return await call(connection.Client).ConfigureAwait(false);
        }
        catch (ControlPlaneException ex)
        {
            return ServerErrors.Report(ex, settings, context.Error);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or FormatException)
        {
            // A 2xx answer that is not the Mesh API: the address is probably some other web server.
            return ServerErrors.ReportUnreadable(ex, settings, context.Error);
        }
    }
}

using System.CommandLine;
using System.CommandLine.Invocation;
using Mesh.Cli.Commands;

namespace Mesh.Cli;

/// <summary>The meshctl command line: apply, get, delete, analyze, status, identity and token against a Mesh control server.</summary>
public static class MeshCtl
{
    /// <summary>Runs meshctl with <paramref name="args"/> and returns the process exit code.</summary>
    /// <param name="args">The command line, without the program name.</param>
    /// <param name="context">Streams, environment, working directory and HTTP transport to use.</param>
    /// <param name="cancellationToken">Stops the command (Ctrl+C).</param>
    /// <returns>0 on success; 1 when the input is invalid or the server refused it; 2 for a usage error or an unreachable server.</returns>
    public static async Task<int> RunAsync(string[] args, MeshCtlContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);

        var parseResult = CreateRootCommand(context).Parse(args);

        // System.CommandLine exits 1 on a parse error; meshctl keeps 1 for invalid input and uses 2 for usage.
        if (parseResult.Action is ParseErrorAction)
        {
            foreach (var error in parseResult.Errors)
            {
                context.Error.WriteLine("error: " + error.Message);
            }

            context.Error.WriteLine("Run 'meshctl --help' or 'meshctl COMMAND --help' for usage.");
            return ExitCodes.UsageOrUnreachable;
        }

        var invocation = new InvocationConfiguration { Output = context.Out, Error = context.Error };
        return await parseResult.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
    }

    private static RootCommand CreateRootCommand(MeshCtlContext context)
    {
        var globals = new GlobalOptions();
        return new RootCommand("meshctl: manage Istio and SMI policy in a Mesh control server.")
        {
            globals.Server,
            globals.Token,
            ApplyCommand.Create(globals, context),
            GetCommand.Create(globals, context),
            DeleteCommand.Create(globals, context),
            AnalyzeCommand.Create(context),
            StatusCommand.Create(globals, context),
            IdentityCommand.Create(globals, context),
            TokenCommand.Create(globals, context),
        };
    }
}

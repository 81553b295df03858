using System.CommandLine;
using Mesh.Cli.Input;
using Mesh.Cli.Output;
using Mesh.Policy.Validation;

namespace Mesh.Cli.Commands;

/// <summary>
/// <c>meshctl apply -f FILE|DIR|- [-n NS] [--dry-run]</c>: validates locally, then sends every file as one body
/// so that the server applies all of it or nothing.
/// </summary>
internal static class ApplyCommand
{
    public static Command Create(GlobalOptions globals, MeshCtlContext context)
    {
        var files = CommonOptions.Files("The resources to create or update.");
        files.Required = true;
        var ns = CommonOptions.Namespace("Put resources that name no namespace here; a resource naming another one is an error.");
        var dryRun = new Option<bool>("--dry-run") { Description = "Have the server validate everything and report what would change, without writing." };

        var command = new Command("apply", "Create or update resources from YAML or JSON files, atomically.") { files, ns, dryRun };
        CommandRunner.SetAction(command, context, async (parseResult, cancellationToken) =>
        {
            var settings = globals.Resolve(parseResult, context);
            var input = PolicyInput.Load(parseResult.GetValue(files)!, parseResult.GetValue(ns), context);
            if (!LocalValidation.Passes(input, "applied", context.Error))
            {
                return ExitCodes.Rejected;
            }

            DiagnosticWriter.WriteWarnings(input.Result.Diagnostics, context.Error);
            return await CommandRunner.WithServerAsync(settings, context, async client =>
            {
                var response = await client.ApplyAsync(input.ToRequestBody(), parseResult.GetValue(dryRun), cancellationToken).ConfigureAwait(false);
                ChangeWriter.Write(response, context.Out, context.Error);
                DiagnosticWriter.WriteWarnings(NotYetShown(response.Warnings, input.Result.Diagnostics), context.Error);
                return ExitCodes.Success;
            }).ConfigureAwait(false);
        });
        return command;
    }

    // The server validates again and may repeat a warning already printed from the local parse.
    private static IEnumerable<PolicyDiagnostic> NotYetShown(IEnumerable<PolicyDiagnostic> fromServer, IEnumerable<PolicyDiagnostic> local)
    {
        var shown = local.Select(DiagnosticWriter.Identity).ToHashSet(StringComparer.Ordinal);
        return fromServer.Where(d => shown.Add(DiagnosticWriter.Identity(d)));
    }
}

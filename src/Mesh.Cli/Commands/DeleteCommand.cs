using System.CommandLine;
using System.Net;
using Mesh.Cli.Input;
using Mesh.Cli.Output;
using Mesh.Policy.Api;
using Mesh.Policy.Resources;

namespace Mesh.Cli.Commands;

/// <summary><c>meshctl delete -f FILE|DIR|-</c> or <c>meshctl delete KIND NAME... [-n NS]</c>.</summary>
internal static class DeleteCommand
{
    public static Command Create(GlobalOptions globals, MeshCtlContext context)
    {
        var kindArgument = new Argument<string?>("KIND") { Description = "The kind: VirtualService, virtualservices or vs, …", Arity = ArgumentArity.ZeroOrOne };
        var names = new Argument<string[]>("NAME") { Description = "The names of the resources to delete.", Arity = ArgumentArity.ZeroOrMore };
        var files = CommonOptions.Files("Delete the resources these files define.");
        var ns = CommonOptions.Namespace("The namespace [default: default; with -f, for resources that name none].");
        var ignoreNotFound = new Option<bool>("--ignore-not-found") { Description = "Succeed when a resource does not exist." };

        var command = new Command("delete", "Delete resources named in files, or by kind and name.") { kindArgument, names, files, ns, ignoreNotFound };
        CommandRunner.SetAction(command, context, async (parseResult, cancellationToken) =>
        {
            var settings = globals.Resolve(parseResult, context);
            var paths = parseResult.GetValue(files) ?? [];
            var kindText = parseResult.GetValue(kindArgument);
            var nameList = parseResult.GetValue(names) ?? [];
            var request = new DeleteRequest(parseResult.GetValue(ns), parseResult.GetValue(ignoreNotFound), cancellationToken);

            if (paths.Length > 0 && kindText is not null)
            {
                throw CliException.Usage("give either -f FILE or KIND NAME, not both");
            }

            if (paths.Length > 0)
            {
                return await FromFilesAsync(paths, request, settings, context).ConfigureAwait(false);
            }

            if (kindText is null || nameList.Length == 0)
            {
                throw CliException.Usage("say what to delete: meshctl delete -f FILE, or meshctl delete KIND NAME [-n NAMESPACE]");
            }

            return await ByNameAsync(KindArgument.Resolve(kindText), nameList, request, settings, context).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> FromFilesAsync(string[] paths, DeleteRequest request, ConnectionSettings settings, MeshCtlContext context)
    {
        var input = PolicyInput.Load(paths, request.Namespace, context);
        if (!LocalValidation.Passes(input, "deleted", context.Error))
        {
            return ExitCodes.Rejected;
        }

        return await CommandRunner.WithServerAsync(settings, context, async client =>
        {
            var response = await client.DeleteAsync(input.ToRequestBody(), cancellationToken: request.CancellationToken).ConfigureAwait(false);
            var missing = ChangeWriter.Write(response, context.Out, request.NotFoundWriter(context));
            return missing > 0 && !request.IgnoreNotFound ? ExitCodes.Rejected : ExitCodes.Success;
        }).ConfigureAwait(false);
    }

    private static async Task<int> ByNameAsync(ResourceKind kind, string[] names, DeleteRequest request, ConnectionSettings settings, MeshCtlContext context)
    {
        var ns = request.Namespace ?? ResourceKey.DefaultNamespace;
        return await CommandRunner.WithServerAsync(settings, context, async client =>
        {
            var missing = 0;
            foreach (var name in names)
            {
                try
                {
                    var response = await client.DeleteAsync(kind, ns, name, request.CancellationToken).ConfigureAwait(false);
                    missing += ChangeWriter.Write(response, context.Out, request.NotFoundWriter(context));
                }
                catch (ControlPlaneException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
                {
                    request.NotFoundWriter(context).WriteLine(ResourceNames.NotFound(kind, ns, name));
                    missing++;
                }
            }

            return missing > 0 && !request.IgnoreNotFound ? ExitCodes.Rejected : ExitCodes.Success;
        }).ConfigureAwait(false);
    }

    private sealed record DeleteRequest(string? Namespace, bool IgnoreNotFound, CancellationToken CancellationToken)
    {
        // With --ignore-not-found a missing resource is the goal reached: nothing to say about it.
        public TextWriter NotFoundWriter(MeshCtlContext context) => IgnoreNotFound ? TextWriter.Null : context.Error;
    }
}

using System.CommandLine;
using Mesh.Cli.Output;
using Mesh.Policy.Api;
using Mesh.Policy.Resources;

namespace Mesh.Cli.Commands;

/// <summary><c>meshctl get KIND|all [NAME] [-n NS | -A] [-o table|yaml|json|name]</c>.</summary>
internal static class GetCommand
{
    public static Command Create(GlobalOptions globals, MeshCtlContext context)
    {
        var kindArgument = new Argument<string>("KIND") { Description = $"The kind (VirtualService, virtualservices, vs, …), or \"{KindArgument.All}\"." };
        var nameArgument = new Argument<string?>("NAME") { Description = "One resource to show.", Arity = ArgumentArity.ZeroOrOne };
        var ns = CommonOptions.Namespace($"The namespace [default: {ResourceKey.DefaultNamespace}].");
        var allNamespaces = new Option<bool>("--all-namespaces", "-A") { Description = "List across every namespace." };
        var output = new Option<string>("--output", "-o") { Description = "The output format: table, yaml, json or name.", HelpName = "FORMAT", DefaultValueFactory = _ => OutputFormat.Table };
        output.AcceptOnlyFromAmong(OutputFormat.All);

        var command = new Command("get", "Show resources stored in the control server.") { kindArgument, nameArgument, ns, allNamespaces, output };
        CommandRunner.SetAction(command, context, async (parseResult, cancellationToken) =>
        {
            var settings = globals.Resolve(parseResult, context);
            var query = Query.From(parseResult.GetValue(kindArgument)!, parseResult.GetValue(nameArgument), parseResult.GetValue(ns), parseResult.GetValue(allNamespaces));
            var print = new PrintOptions(parseResult.GetValue(output)!, query.Namespace is null, query.Kind is null, context.TimeProvider.GetUtcNow());
            return await CommandRunner.WithServerAsync(settings, context, client => query.Name is null
                ? ListAsync(client, query, print, context, cancellationToken)
                : GetOneAsync(client, query, print, context, cancellationToken)).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> GetOneAsync(ControlPlaneClient client, Query query, PrintOptions print, MeshCtlContext context, CancellationToken cancellationToken)
    {
        var resource = await client.GetAsync(query.Kind!, query.Namespace!, query.Name!, cancellationToken).ConfigureAwait(false);
        if (resource is null)
        {
            context.Error.WriteLine(ResourceNames.NotFound(query.Kind!, query.Namespace!, query.Name!));
            return ExitCodes.Rejected;
        }

        ResourcePrinter.PrintOne(resource, print, context.Out);
        return ExitCodes.Success;
    }

    private static async Task<int> ListAsync(ControlPlaneClient client, Query query, PrintOptions print, MeshCtlContext context, CancellationToken cancellationToken)
    {
        var (_, items) = await client.ListAsync(query.Kind, query.Namespace, cancellationToken).ConfigureAwait(false);
        var sorted = items.OrderBy(r => r.Key.Namespace, StringComparer.Ordinal).ThenBy(r => r.Key.Name, StringComparer.Ordinal).ToList();

        // An empty table would be a bare header; say what was searched instead, on stderr as kubectl does.
        if (sorted.Count == 0 && print.Format == OutputFormat.Table)
        {
            context.Error.WriteLine(query.Namespace is null ? "No resources found" : $"No resources found in {query.Namespace} namespace.");
            return ExitCodes.Success;
        }

        ResourcePrinter.PrintList(sorted, print, context.Out);
        return ExitCodes.Success;
    }

    /// <summary>What to fetch. <see cref="Kind"/> is null for <c>all</c>; <see cref="Namespace"/> is null for <c>-A</c>.</summary>
    private sealed record Query(ResourceKind? Kind, string? Name, string? Namespace)
    {
        public static Query From(string kindText, string? name, string? ns, bool allNamespaces)
        {
            if (allNamespaces && ns is not null)
            {
                throw CliException.Usage("give either -n NAMESPACE or -A (--all-namespaces), not both");
            }

            if (allNamespaces && name is not null)
            {
                throw CliException.Usage("a resource cannot be fetched by name across all namespaces; give -n NAMESPACE instead of -A");
            }

            var all = string.Equals(kindText, KindArgument.All, StringComparison.OrdinalIgnoreCase);
            if (all && name is not null)
            {
                throw CliException.Usage($"\"get {KindArgument.All}\" lists every kind; to show one resource, name its kind: meshctl get KIND {name}");
            }

            var kind = all ? null : KindArgument.Resolve(kindText, allAllowed: true);
            return new Query(kind, name, allNamespaces ? null : ns ?? ResourceKey.DefaultNamespace);
        }
    }
}

using System.CommandLine;
using Mesh.Cli.Output;
using Mesh.Policy.Api;

namespace Mesh.Cli.Commands;

/// <summary>
/// <c>meshctl token create|list|revoke</c>: join tokens bound to the identities a workload may obtain, so that a
/// token given to reviews cannot obtain ratings' certificate (admin token).
/// </summary>
internal static class TokenCommand
{
    public static Command Create(GlobalOptions globals, MeshCtlContext context) =>
        new("token", "Join tokens bound to workload identities.") { CreateCreate(globals, context), CreateList(globals, context), CreateRevoke(globals, context) };

    private static Command CreateCreate(GlobalOptions globals, MeshCtlContext context)
    {
        var ns = CommonOptions.Namespace("The namespace whose identities the token may obtain [default: default].");
        var serviceAccounts = new Option<string[]>("--service-account")
        {
            Description = "A service account the token may obtain (repeatable; * for any in the namespace).",
            HelpName = "NAME",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("create", "Create a join token bound to identities; prints the token alone on stdout (shown once).") { ns, serviceAccounts };
        CommandRunner.SetAction(command, context, async (parseResult, cancellationToken) =>
        {
            var settings = globals.Resolve(parseResult, context);
            var request = new JoinTokenRequest { Namespace = parseResult.GetValue(ns) ?? "default", ServiceAccounts = parseResult.GetValue(serviceAccounts) ?? [] };
            return await CommandRunner.WithServerAsync(settings, context, async client =>
            {
                var created = await client.CreateJoinTokenAsync(request, cancellationToken).ConfigureAwait(false);
                context.Out.WriteLine(created.Token);
                context.Error.WriteLine($"join token {created.Info.Id} may obtain namespace {created.Info.Namespace}, service accounts {string.Join(", ", created.Info.ServiceAccounts)}; it is shown only now (give it to the workload as MESH_JOIN_TOKEN)");
                return ExitCodes.Success;
            }).ConfigureAwait(false);
        });
        return command;
    }

    private static Command CreateList(GlobalOptions globals, MeshCtlContext context)
    {
        var command = new Command("list", "List the bound join tokens (not their secrets).");
        CommandRunner.SetAction(command, context, async (parseResult, cancellationToken) =>
        {
            var settings = globals.Resolve(parseResult, context);
            return await CommandRunner.WithServerAsync(settings, context, async client =>
            {
                var tokens = await client.ListJoinTokensAsync(cancellationToken).ConfigureAwait(false);
                if (tokens.Count == 0)
                {
                    context.Error.WriteLine("No bound join tokens.");
                    return ExitCodes.Success;
                }

                var now = context.TimeProvider.GetUtcNow();
                var table = new TableWriter(["ID", "NAMESPACE", "SERVICE-ACCOUNTS", "AGE"]);
                foreach (var token in tokens)
                {
                    table.AddRow([token.Id, token.Namespace, string.Join(",", token.ServiceAccounts), Age.Format(now - token.CreatedAt)]);
                }

                table.Write(context.Out);
                return ExitCodes.Success;
            }).ConfigureAwait(false);
        });
        return command;
    }

    private static Command CreateRevoke(GlobalOptions globals, MeshCtlContext context)
    {
        var ids = new Argument<string[]>("ID") { Description = "The ids of the tokens to revoke (meshctl token list).", Arity = ArgumentArity.OneOrMore };
        var command = new Command("revoke", "Revoke bound join tokens: they stop working at once (certificates already issued stay valid until they expire).") { ids };
        CommandRunner.SetAction(command, context, async (parseResult, cancellationToken) =>
        {
            var settings = globals.Resolve(parseResult, context);
            return await CommandRunner.WithServerAsync(settings, context, async client =>
            {
                var missing = 0;
                foreach (var id in parseResult.GetValue(ids) ?? [])
                {
                    if (await client.RevokeJoinTokenAsync(id, cancellationToken).ConfigureAwait(false))
                    {
                        context.Out.WriteLine($"token {id} revoked");
                    }
                    else
                    {
                        context.Error.WriteLine($"error: there is no bound join token {id}");
                        missing++;
                    }
                }

                return missing > 0 ? ExitCodes.Rejected : ExitCodes.Success;
            }).ConfigureAwait(false);
        });
        return command;
    }
}

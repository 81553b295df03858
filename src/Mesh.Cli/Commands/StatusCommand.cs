using System.CommandLine;
using System.Globalization;
using Mesh.Cli.Output;
using Mesh.Policy.Api;
using Mesh.Policy.Resources;

namespace Mesh.Cli.Commands;

/// <summary><c>meshctl status</c>: the control server at a glance, and the live service instances it knows.</summary>
internal static class StatusCommand
{
    public static Command Create(GlobalOptions globals, MeshCtlContext context)
    {
        var command = new Command("status", "Show the control server's address, revision, store, resources, services and instances.");
        CommandRunner.SetAction(command, context, async (parseResult, cancellationToken) =>
        {
            var settings = globals.Resolve(parseResult, context);
            return await CommandRunner.WithServerAsync(settings, context, async client =>
            {
                var status = await client.StatusAsync(cancellationToken).ConfigureAwait(false);
                var instances = await ListInstancesAsync(client, context, cancellationToken).ConfigureAwait(false);
                Write(status, instances, settings.Server, context);
                return ExitCodes.Success;
            }).ConfigureAwait(false);
        });
        return command;
    }

    // Instances are WorkloadEntries. The list only adds detail to the summary, so a refusal (a token that may
    // read the status but not list) is noted rather than failing the whole command.
    private static async Task<IReadOnlyList<MeshResource>?> ListInstancesAsync(ControlPlaneClient client, MeshCtlContext context, CancellationToken cancellationToken)
    {
        try
        {
            var (_, items) = await client.ListAsync(ResourceKinds.WorkloadEntry, null, cancellationToken).ConfigureAwait(false);
            return items;
        }
        catch (ControlPlaneException ex) when (!ex.IsUnreachable)
        {
            context.Error.WriteLine($"Warning: the instance list is unavailable: {ex.Message}");
            return null;
        }
    }

    private static void Write(StatusResponse status, IReadOnlyList<MeshResource>? instances, Uri server, MeshCtlContext context)
    {
        var output = context.Out;
        var now = context.TimeProvider.GetUtcNow();
        output.WriteLine($"Control server:  {server}");
        output.WriteLine($"Version:         {status.Version}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Revision:        {status.Revision}"));
        output.WriteLine($"Store:           {status.Store}");
        output.WriteLine($"Started:         {status.StartedAt.ToString("u", CultureInfo.InvariantCulture)} ({Age.Format(now - status.StartedAt)} ago)");

        output.WriteLine();
        if (status.ResourceCounts.Count == 0)
        {
            output.WriteLine("Resources:       none");
        }
        else
        {
            var table = new TableWriter(["KIND", "COUNT"]);
            foreach (var (kind, count) in status.ResourceCounts.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                table.AddRow([kind, count.ToString(CultureInfo.InvariantCulture)]);
            }

            table.Write(output);
        }

        output.WriteLine();
        if (status.Services.Count == 0)
        {
            output.WriteLine("Services:        none registered");
        }
        else
        {
            var table = new TableWriter(["NAMESPACE", "SERVICE", "INSTANCES", "VERSIONS"]);
            foreach (var s in status.Services.OrderBy(s => s.Namespace, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal))
            {
                table.AddRow([s.Namespace, s.Name, s.Instances.ToString(CultureInfo.InvariantCulture), s.Versions.Count == 0 ? "<none>" : string.Join(",", s.Versions)]);
            }

            table.Write(output);
        }

        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Instances:       {status.Instances}"));
        if (instances is { Count: > 0 })
        {
            var sorted = instances.OrderBy(r => r.Key.Namespace, StringComparer.Ordinal).ThenBy(r => r.Key.Name, StringComparer.Ordinal).ToList();
            ResourceTable.Write(sorted, ResourceKinds.WorkloadEntry, new PrintOptions(OutputFormat.Table, ShowNamespace: true, QualifyNames: false, now), output);
        }
    }
}

using Mesh.Policy.Api;
using Mesh.Policy.Resources;

namespace Mesh.Cli.Output;

/// <summary>Prints what an apply or delete did, one line per resource, as kubectl does.</summary>
internal static class ChangeWriter
{
    /// <summary>The action the server reports for a resource that a delete named but that does not exist.</summary>
    public const string NotFound = "not-found";

    /// <summary>
    /// Writes <c>virtualservice.networking.istio.io/reviews created</c> lines to <paramref name="output"/>, and
    /// resources that were not found to <paramref name="error"/>.
    /// </summary>
    /// <returns>The number of resources not found.</returns>
    public static int Write(ApplyResponse response, TextWriter output, TextWriter error)
    {
        var notFound = 0;
        var suffix = response.DryRun ? " (dry run)" : "";
        foreach (var change in response.Changes)
        {
            if (change.Action == NotFound)
            {
                var kind = ResourceKinds.FindExact(change.Kind);
                error.WriteLine(kind is null
                    ? $"Error from server (NotFound): {change.Kind} {change.Namespace}/{change.Name} not found"
                    : ResourceNames.NotFound(kind, change.Namespace, change.Name));
                notFound++;
                continue;
            }

            output.WriteLine($"{ResourceNames.Type(change.Kind)}/{change.Name} {change.Action}{suffix}");
        }

        return notFound;
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Mesh.Policy.Resources;
using Mesh.Policy.Serialization;

namespace Mesh.Cli.Output;

/// <summary>Prints resources read from the server in the format chosen with <c>-o</c>.</summary>
internal static class ResourcePrinter
{
    private static readonly JsonSerializerOptions IndentedJson = new(PolicySerializer.Options) { WriteIndented = true };

    /// <summary>Prints one resource asked for by name.</summary>
    public static void PrintOne(MeshResource resource, PrintOptions options, TextWriter writer)
    {
        switch (options.Format)
        {
            case OutputFormat.Yaml:
                writer.Write(PolicySerializer.ToYaml(resource));
                break;
            case OutputFormat.Json:
                writer.WriteLine(PolicySerializer.ToJson(resource, indented: true));
                break;
            default:
                PrintList([resource], options, writer);
                break;
        }
    }

    /// <summary>Prints a listing, possibly of several kinds (<c>get all</c>), kinds in their usual order.</summary>
    public static void PrintList(IReadOnlyList<MeshResource> resources, PrintOptions options, TextWriter writer)
    {
        switch (options.Format)
        {
            case OutputFormat.Yaml:
                // Multi-document YAML rather than a List: it can be applied back unchanged.
                writer.Write(PolicySerializer.ToYaml(resources));
                break;
            case OutputFormat.Json:
                // Always a List, even of one item, so that scripts can rely on .items[].
                var items = new JsonArray();
                foreach (var r in resources)
                {
                    items.Add(PolicySerializer.ToJsonNode(r));
                }

                writer.WriteLine(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "List", ["items"] = items }.ToJsonString(IndentedJson));
                break;
            case OutputFormat.Name:
                foreach (var r in resources)
                {
                    writer.WriteLine(ResourceNames.Qualified(r));
                }

                break;
            default:
                WriteTables(resources, options, writer);
                break;
        }
    }

    private static void WriteTables(IReadOnlyList<MeshResource> resources, PrintOptions options, TextWriter writer)
    {
        var groups = resources.GroupBy(r => r.KindInfo).OrderBy(g => Order(g.Key)).ToList();
        for (var i = 0; i < groups.Count; i++)
        {
            if (i > 0)
            {
                writer.WriteLine();
            }

            ResourceTable.Write([.. groups[i]], groups[i].Key, options, writer);
        }
    }

    private static int Order(ResourceKind kind)
    {
        for (var i = 0; i < ResourceKinds.All.Count; i++)
        {
            if (ResourceKinds.All[i] == kind)
            {
                return i;
            }
        }

        return int.MaxValue;
    }
}

using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Mesh.Policy.Resources;

namespace Mesh.Policy.Serialization;

/// <summary>Writes resources back as JSON or YAML with Istio's field names, for <c>get</c>.</summary>
public static class PolicySerializer
{
    /// <summary>The JSON options used for resources everywhere (server API, CLI output, persistence).</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions(indented: false);

    private static readonly JsonSerializerOptions IndentedOptions = CreateOptions(indented: true);

    private static JsonSerializerOptions CreateOptions(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            WriteIndented = indented,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseUpper, allowIntegerValues: false));
        options.Converters.Add(new DurationJsonConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>The resource as a JSON tree.</summary>
    public static JsonObject ToJsonNode(MeshResource resource) =>
        (JsonObject)JsonSerializer.SerializeToNode(resource, resource.GetType(), Options)!;

    /// <summary>The resource as JSON text.</summary>
    public static string ToJson(MeshResource resource, bool indented = true) =>
        JsonSerializer.Serialize(resource, resource.GetType(), indented ? IndentedOptions : Options);

    /// <summary>Several resources as one JSON document: a single object for one, else a <c>kind: List</c>.</summary>
    public static string ToJson(IReadOnlyList<MeshResource> resources, bool indented = true)
    {
        if (resources.Count == 1)
        {
            return ToJson(resources[0], indented);
        }

        var items = new JsonArray();
        foreach (var r in resources)
        {
            items.Add(ToJsonNode(r));
        }

        var list = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "List", ["items"] = items };
        return list.ToJsonString(indented ? IndentedOptions : Options);
    }

    /// <summary>The resource as YAML.</summary>
    public static string ToYaml(MeshResource resource) => YamlWriter.Write(ToJsonNode(resource));

    /// <summary>Several resources as multi-document YAML separated by <c>---</c>.</summary>
    public static string ToYaml(IEnumerable<MeshResource> resources)
    {
        var sb = new StringBuilder();
        var first = true;
        foreach (var r in resources)
        {
            if (!first)
            {
                sb.Append("---\n");
            }

            sb.Append(ToYaml(r));
            first = false;
        }

        return sb.ToString();
    }
}

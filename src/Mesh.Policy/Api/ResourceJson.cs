using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mesh.Policy.Parsing;
using Mesh.Policy.Resources;

namespace Mesh.Policy.Api;

/// <summary>Reads a resource that the control server sent (already validated there) back into its typed form.</summary>
public static class ResourceJson
{
    /// <summary>Reads one resource from a JSON object.</summary>
    /// <exception cref="FormatException">The object is not a valid resource (the server and client disagree).</exception>
    public static MeshResource Read(JsonObject node) => Single(PolicyParser.ParseNodes([node], "server"));

    /// <summary>Reads one resource from JSON text.</summary>
    /// <exception cref="FormatException">The text is not a valid resource.</exception>
    public static MeshResource Read(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            // Callers handle FormatException (a client's sync loop keeps its last good policy); JsonException, thrown
            // also for JSON nested deeper than 64 levels, would escape them.
            throw new FormatException("the control server sent a resource that is not valid JSON: " + ex.Message, ex);
        }

        return Single(PolicyParser.ParseNodes([node], "server"));
    }

    /// <summary>
    /// Reads one resource from a JSON object, or says which resource could not be read and why, so that a caller
    /// can skip it and keep the others.
    /// </summary>
    /// <param name="node">The resource as the server sent it.</param>
    /// <param name="resource">The typed resource, when it could be read.</param>
    /// <param name="unreadable">Which resource it is and why it could not be read, otherwise.</param>
    /// <returns>True when <paramref name="resource"/> was read.</returns>
    public static bool TryRead(JsonObject node, [NotNullWhen(true)] out MeshResource? resource, [NotNullWhen(false)] out UnreadableResource? unreadable)
    {
        ArgumentNullException.ThrowIfNull(node);
        var result = PolicyParser.ParseNodes([node], "server");
        if (!result.HasErrors && result.Resources.Count == 1)
        {
            resource = result.Resources[0];
            unreadable = null;
            return true;
        }

        var metadata = node["metadata"] as JsonObject;
        resource = null;
        unreadable = new UnreadableResource(
            Text(node["kind"]),
            Text(metadata?["namespace"]),
            Text(metadata?["name"]),
            string.Join("; ", result.Errors.Select(e => string.IsNullOrEmpty(e.Path) ? e.Message : e.Path + ": " + e.Message)));
        return false;
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static MeshResource Single(PolicyParseResult result)
    {
        if (result.HasErrors || result.Resources.Count != 1)
        {
            throw new FormatException("the control server sent a resource this client cannot read: " + string.Join("; ", result.Errors));
        }

        return result.Resources[0];
    }
}

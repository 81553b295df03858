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
        return Single(PolicyParser.ParseNodes([JsonNode.Parse(json)], "server"));
    }

    private static MeshResource Single(PolicyParseResult result)
    {
        if (result.HasErrors || result.Resources.Count != 1)
        {
            throw new FormatException("the control server sent a resource this client cannot read: " + string.Join("; ", result.Errors));
        }

        return result.Resources[0];
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using Mesh.Policy.Resources;
using Mesh.Policy.Serialization;

namespace Mesh.Server.Storage;

/// <summary>
/// Fills in the metadata the server owns (uid, creationTimestamp, generation, resourceVersion) and decides
/// whether a put changes anything. Shared by every store implementation so that they agree.
/// </summary>
internal static class ResourceStamp
{
    private static readonly string[] ServerFields = ["resourceVersion", "generation", "creationTimestamp", "uid"];

    /// <summary>
    /// Stamps <paramref name="incoming"/> for revision <paramref name="revision"/>, or returns null when it is the
    /// same as <paramref name="existing"/> (nothing to write).
    /// </summary>
    public static StoredResource? Stamp(MeshResource incoming, StoredResource? existing, long revision, TimeProvider time)
    {
        var meta = incoming.Metadata;
        if (existing is not null)
        {
            var incomingContent = Content(PolicySerializer.ToJsonNode(incoming));
            var existingContent = Content(existing.Json);
            if (JsonNode.DeepEquals(incomingContent, existingContent))
            {
                return null;
            }

            var old = existing.Resource.Metadata;
            var specChanged = !JsonNode.DeepEquals(incomingContent["spec"], existingContent["spec"]);
            meta.Uid = old.Uid;
            meta.CreationTimestamp = old.CreationTimestamp;
            meta.Generation = (old.Generation ?? 1) + (specChanged ? 1 : 0);
        }
        else
        {
            meta.Uid = Guid.NewGuid().ToString();
            meta.CreationTimestamp = TruncateToSeconds(time.GetUtcNow());
            meta.Generation = 1;
        }

        meta.ResourceVersion = revision.ToString(CultureInfo.InvariantCulture);
        return new StoredResource(incoming, PolicySerializer.ToJsonNode(incoming), existing?.CreateRevision ?? revision, revision);
    }

    private static JsonObject Content(JsonObject json)
    {
        var copy = (JsonObject)json.DeepClone();
        if (copy["metadata"] is JsonObject metadata)
        {
            foreach (var field in ServerFields)
            {
                metadata.Remove(field);
            }
        }

        return copy;
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset value) =>
        new(value.Ticks - (value.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}

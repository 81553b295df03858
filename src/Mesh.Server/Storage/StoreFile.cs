using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Mesh.Policy.Api;
using Mesh.Policy.Resources;
using Mesh.Policy.Serialization;

namespace Mesh.Server.Storage;

/// <summary>
/// Reads <c>store.json</c> at start. Anything that is not a whole store of this format (a directory, truncated or
/// random bytes, wrong types, missing fields) stops the server with an <see cref="InvalidDataException"/> that
/// names the file and what to do: serving an empty or partial store would hand out wrong config, and the next
/// write would replace what an operator could still recover.
/// </summary>
internal static class StoreFile
{
    public const int FormatVersion = 1;

    /// <summary>The stored revision and resources; null when there is no store yet.</summary>
    public static async Task<(long Revision, ImmutableDictionary<ResourceKey, StoredResource> Resources)?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            throw new InvalidDataException($"{path} is a directory, not the store file: move it away (the server then starts with an empty store) or put the store file back");
        }

        if (!File.Exists(path))
        {
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"cannot read {path} ({ex.Message}): give the server's user read and write access to it", ex);
        }

        return Parse(path, bytes);
    }

    private static (long, ImmutableDictionary<ResourceKey, StoredResource>) Parse(string path, byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            throw Corrupt(path, "the file is empty");
        }

        // JsonNode reads string contents lazily, so invalid UTF-8 would otherwise surface later as another exception.
        if (!Utf8.IsValid(bytes))
        {
            throw Corrupt(path, "the file is not UTF-8 text");
        }

        JsonNode? parsed;
        try
        {
            // Duplicate names would otherwise throw ArgumentException at the first lookup, an error naming no file.
            parsed = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException ex)
        {
            throw Corrupt(path, "not valid JSON: " + ex.Message);
        }

        if (parsed is not JsonObject root)
        {
            throw Corrupt(path, "the top level is not a JSON object");
        }

        if (root["format"] is not JsonValue formatValue || formatValue.GetValueKind() != JsonValueKind.Number || !formatValue.TryGetValue<int>(out var format))
        {
            throw Corrupt(path, "\"format\" is missing or not a number");
        }

        if (format != FormatVersion)
        {
            throw new InvalidDataException($"{path} has format {format}, this server reads format {FormatVersion}: run the server version that wrote it, or restore a backup of this format");
        }

        var revision = Number(path, root, "revision", "the store");
        if (root["resources"] is not JsonArray entries)
        {
            throw Corrupt(path, "\"resources\" is missing or not an array");
        }

        var builder = ImmutableDictionary.CreateBuilder<ResourceKey, StoredResource>();
        var problems = new List<string>();
        for (var i = 0; i < entries.Count; i++)
        {
            var where = $"resources[{i}]";
            if (entries[i] is not JsonObject entry)
            {
                throw Corrupt(path, where + " is not an object");
            }

            if (entry["resource"] is not JsonObject json)
            {
                throw Corrupt(path, where + ".resource is missing or not an object");
            }

            var createRevision = Number(path, entry, "createRevision", where);
            var modRevision = Number(path, entry, "modRevision", where);
            if (createRevision > modRevision || modRevision > revision)
            {
                throw Corrupt(path, $"{where} has createRevision {createRevision} and modRevision {modRevision}, which do not fit the store's revision {revision}");
            }

            try
            {
                var resource = ResourceJson.Read(json);
                if (!builder.TryAdd(resource.Key, new StoredResource(resource, PolicySerializer.ToJsonNode(resource), createRevision, modRevision)))
                {
                    throw Corrupt(path, $"{where} repeats {resource.Key}");
                }
            }
            catch (FormatException ex)
            {
                problems.Add(ex.Message);
            }
        }

        if (problems.Count > 0)
        {
            // Refuse to start rather than drop resources on the next write.
            throw new InvalidDataException($"{path} holds resources this server cannot read (was it written by a newer version?): {string.Join("; ", problems)}");
        }

        return (revision, builder.ToImmutable());
    }

    private static long Number(string path, JsonObject owner, string name, string where) =>
        owner[name] is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out var number) && number >= 0
            ? number
            : throw Corrupt(path, $"{where}: \"{name}\" is missing or not a whole number of 0 or more");

    private static InvalidDataException Corrupt(string path, string detail) =>
        new($"{path} is not a readable Mesh store ({detail}): restore it from a backup, or move it away to start with an empty store (its resources and revision are then lost)");
}

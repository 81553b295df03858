using System.Text.Json;
using System.Text.Json.Serialization;
using Mesh.Policy.Resources;

namespace Mesh.Policy.Serialization;

/// <summary>Writes a <see cref="Duration"/> as Istio's string form (<c>"7s"</c>) and reads it back.</summary>
internal sealed class DurationJsonConverter : JsonConverter<Duration>
{
    public override Duration Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Duration.TryParse(reader.GetString(), out var d, out var error) ? d : throw new JsonException(error);

    public override void Write(Utf8JsonWriter writer, Duration value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}

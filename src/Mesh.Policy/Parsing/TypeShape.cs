using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mesh.Policy.Resources;

namespace Mesh.Policy.Parsing;

/// <summary>
/// What the binder knows about a resource class: its fields by wire name (the same names the serializer
/// writes) and the Istio fields it refuses. Built once per type.
/// </summary>
internal sealed class TypeShape
{
    private static readonly ConcurrentDictionary<Type, TypeShape> Cache = new();

    private TypeShape(Type type)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance))
        {
            // Public properties are the wire fields. An internal [JsonIgnore] property is input that is accepted
            // and dropped (metadata.managedFields, which kubectl writes); anything else is not a field.
            var ignored = property.GetCustomAttribute<JsonIgnoreAttribute>() is not null;
            var isPublic = property.SetMethod?.IsPublic == true;
            if (!property.CanWrite || (isPublic ? ignored : !ignored))
            {
                continue;
            }

            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
                ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            Fields[name] = new FieldShape(
                name,
                property,
                property.GetCustomAttribute<RequiredFieldAttribute>() is not null,
                property.GetCustomAttribute<MapOrListOfMapsAttribute>() is not null);
        }

        foreach (var unsupported in type.GetCustomAttributes<UnsupportedFieldAttribute>())
        {
            Unsupported[unsupported.Field] = unsupported.Reason;
        }
    }

    public Dictionary<string, FieldShape> Fields { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string?> Unsupported { get; } = new(StringComparer.Ordinal);

    public static TypeShape Of(Type type) => Cache.GetOrAdd(type, static t => new TypeShape(t));
}

/// <summary>One field of a <see cref="TypeShape"/>.</summary>
internal sealed record FieldShape(string Name, PropertyInfo Property, bool Required, bool MapOrListOfMaps);

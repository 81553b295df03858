using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mesh.Policy.Resources;
using Mesh.Policy.Validation;

namespace Mesh.Policy.Parsing;

/// <summary>
/// Binds a JSON tree onto the typed resource classes, reporting every problem (unknown or unsupported field,
/// wrong type, bad enum value, bad duration, missing required field) with its field path, never stopping at
/// the first.
/// </summary>
internal sealed class ResourceBinder(DiagnosticBag diagnostics)
{
    public T? Bind<T>(JsonNode? node, string path)
        where T : class => Bind(node, typeof(T), path) as T;

    public object? Bind(JsonNode? node, Type type, string path)
    {
        if (node is null)
        {
            return null;
        }

        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target == typeof(string))
        {
            return BindString(node, path);
        }

        if (target == typeof(bool))
        {
            if (node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
            {
                return v.GetValue<bool>();
            }

            diagnostics.Error(path, $"must be true or false, not {Describe(node)}");
            return null;
        }

        if (target == typeof(int) || target == typeof(long))
        {
            return BindInteger(node, target, path);
        }

        if (target == typeof(double))
        {
            if (node is JsonValue v && TryGetNumber(v, out var number))
            {
                return number;
            }

            diagnostics.Error(path, $"must be a number, not {Describe(node)}");
            return null;
        }

        if (target == typeof(Duration))
        {
            var text = BindString(node, path, quiet: true);
            if (text is null)
            {
                diagnostics.Error(path, $"must be a duration such as \"5s\", \"100ms\" or \"1m\", not {Describe(node)}");
                return null;
            }

            if (Duration.TryParse(text, out var duration, out var error))
            {
                return duration;
            }

            diagnostics.Error(path, error!);
            return null;
        }

        if (target == typeof(DateTimeOffset))
        {
            var text = BindString(node, path);
            if (text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time))
            {
                return time;
            }

            diagnostics.Error(path, "must be an RFC 3339 timestamp");
            return null;
        }

        if (target.IsEnum)
        {
            return BindEnum(node, target, path);
        }

        if (target.IsGenericType && target.GetGenericTypeDefinition() == typeof(List<>))
        {
            return BindList(node, target, path);
        }

        if (target.IsGenericType && target.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            return BindMap(node, target, path, listOfMaps: false);
        }

        if (target == typeof(object))
        {
            // Opaque bookkeeping (managedFields): accepted and dropped.
            return null;
        }

        return BindObject(node, target, path);
    }

    private object? BindObject(JsonNode node, Type type, string path)
    {
        if (node is not JsonObject obj)
        {
            diagnostics.Error(path, $"must be an object (a map of fields), not {Describe(node)}");
            return null;
        }

        var shape = TypeShape.Of(type);
        var instance = Activator.CreateInstance(type)!;
        foreach (var (name, value) in obj)
        {
            var fieldPath = Join(path, name);
            if (shape.Fields.TryGetValue(name, out var field))
            {
                var bound = field.MapOrListOfMaps && value is JsonArray
                    ? BindMap(value, field.Property.PropertyType, fieldPath, listOfMaps: true)
                    : Bind(value, field.Property.PropertyType, fieldPath);
                if (bound is not null)
                {
                    field.Property.SetValue(instance, bound);
                }
            }
            else if (shape.Unsupported.TryGetValue(name, out var reason))
            {
                diagnostics.Error(fieldPath, reason is null ? "not supported by Mesh" : "not supported by Mesh: " + reason);
            }
            else
            {
                diagnostics.Error(fieldPath, UnknownFieldMessage(name, shape));
            }
        }

        foreach (var field in shape.Fields.Values)
        {
            if (!field.Required || !IsMissing(field.Property.GetValue(instance)))
            {
                continue;
            }

            if (!obj.TryGetPropertyValue(field.Name, out var raw))
            {
                diagnostics.Error(Join(path, field.Name), "required field is missing");
            }
            else if (raw is null || raw is JsonArray { Count: 0 } || (raw is JsonValue jv && jv.GetValueKind() == JsonValueKind.String && jv.GetValue<string>().Length == 0))
            {
                diagnostics.Error(Join(path, field.Name), "must not be empty");
            }
        }

        return instance;
    }

    private static bool IsMissing(object? value) => value switch
    {
        null => true,
        string s => s.Length == 0,
        ICollection c => c.Count == 0,
        _ => false,
    };

    private static string UnknownFieldMessage(string name, TypeShape shape)
    {
        foreach (var known in shape.Fields.Keys)
        {
            if (string.Equals(known, name, StringComparison.OrdinalIgnoreCase))
            {
                return $"unknown field (did you mean \"{known}\"? field names are case-sensitive)";
            }
        }

        return shape.Fields.Count == 0
            ? "unknown field"
            : "unknown field; known fields here: " + string.Join(", ", shape.Fields.Keys);
    }

    private object? BindList(JsonNode node, Type type, string path)
    {
        if (node is not JsonArray array)
        {
            diagnostics.Error(path, $"must be a list, not {Describe(node)}");
            return null;
        }

        var itemType = type.GetGenericArguments()[0];
        var list = (IList)Activator.CreateInstance(type)!;
        for (var i = 0; i < array.Count; i++)
        {
            var itemPath = path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]";
            if (array[i] is null)
            {
                diagnostics.Error(itemPath, "list item is empty");
                continue;
            }

            var item = Bind(array[i], itemType, itemPath);
            if (item is not null)
            {
                list.Add(item);
            }
        }

        return list;
    }

    private object? BindMap(JsonNode node, Type type, string path, bool listOfMaps)
    {
        var valueType = type.GetGenericArguments()[1];
        var map = (IDictionary)Activator.CreateInstance(type)!;
        if (listOfMaps && node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                var itemPath = path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]";
                if (array[i] is not JsonObject entry || entry.Count != 1)
                {
                    diagnostics.Error(itemPath, "each list item must be a map with exactly one key");
                    continue;
                }

                AddEntries(entry, map, valueType, path);
            }

            return map;
        }

        if (node is not JsonObject obj)
        {
            diagnostics.Error(path, $"must be a map, not {Describe(node)}");
            return null;
        }

        AddEntries(obj, map, valueType, path);
        return map;
    }

    private void AddEntries(JsonObject obj, IDictionary map, Type valueType, string path)
    {
        foreach (var (key, value) in obj)
        {
            var entryPath = Join(path, key);
            if (map.Contains(key))
            {
                diagnostics.Error(entryPath, "key appears more than once");
                continue;
            }

            var bound = value is null && valueType.IsClass && valueType != typeof(string)
                ? Activator.CreateInstance(valueType)
                : Bind(value, valueType, entryPath);
            if (bound is not null)
            {
                map[key] = bound;
            }
            else if (value is null && valueType == typeof(string))
            {
                map[key] = "";
            }
        }
    }

    private string? BindString(JsonNode node, string path, bool quiet = false)
    {
        if (node is JsonValue v)
        {
            switch (v.GetValueKind())
            {
                case JsonValueKind.String:
                    return v.GetValue<string>();
                case JsonValueKind.Number:
                    // YAML writes `version: 1` or `port: 80` unquoted; as a string field, it means the text.
                    return v.ToJsonString();
                case JsonValueKind.True:
                case JsonValueKind.False:
                    return v.ToJsonString();
            }
        }

        if (!quiet)
        {
            diagnostics.Error(path, $"must be a string, not {Describe(node)}");
        }

        return null;
    }

    private object? BindInteger(JsonNode node, Type target, string path)
    {
        if (node is JsonValue v && TryGetNumber(v, out var d))
        {
            if (d != Math.Floor(d))
            {
                diagnostics.Error(path, $"must be a whole number, not {v.ToJsonString()}");
                return null;
            }

            if (target == typeof(int))
            {
                if (d is < int.MinValue or > int.MaxValue)
                {
                    diagnostics.Error(path, $"{v.ToJsonString()} is out of range");
                    return null;
                }

                return (int)d;
            }

            return (long)d;
        }

        diagnostics.Error(path, $"must be a whole number, not {Describe(node)}");
        return null;
    }

    private object? BindEnum(JsonNode node, Type target, string path)
    {
        var text = node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
        var names = Enum.GetNames(target);
        if (text is not null)
        {
            foreach (var member in names)
            {
                if (JsonNamingPolicy.SnakeCaseUpper.ConvertName(member) == text)
                {
                    return Enum.Parse(target, member);
                }
            }
        }

        var allowed = string.Join(", ", names.Select(n => JsonNamingPolicy.SnakeCaseUpper.ConvertName(n)));
        diagnostics.Error(path, $"unknown value {Describe(node)}; expected one of {allowed}");
        return null;
    }

    private static bool TryGetNumber(JsonValue value, out double number)
    {
        if (value.GetValueKind() != JsonValueKind.Number)
        {
            number = 0;
            return false;
        }

        if (value.TryGetValue(out long l))
        {
            number = l;
            return true;
        }

        if (value.TryGetValue(out int i))
        {
            number = i;
            return true;
        }

        return value.TryGetValue(out number);
    }

    internal static string Describe(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "a map",
        JsonArray => "a list",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => "\"" + v.GetValue<string>() + "\"",
        JsonValue v => v.ToJsonString(),
        _ => node.ToJsonString(),
    };

    internal static string Join(string path, string name)
    {
        var safe = name.AsSpan().IndexOfAny(".[] ") < 0 && name.Length > 0;
        if (path.Length == 0)
        {
            return safe ? name : "[\"" + name + "\"]";
        }

        return safe ? path + "." + name : path + "[\"" + name + "\"]";
    }
}

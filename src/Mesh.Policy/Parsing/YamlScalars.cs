using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Mesh.Policy.Parsing;

/// <summary>Types plain YAML scalars with YAML 1.2's core schema (null, booleans, numbers); quoted ones stay strings.</summary>
internal static class YamlScalars
{
    public static JsonNode? Convert(Scalar scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return JsonValue.Create(value);
        }

        // A tag such as !!str forces a string.
        if (!scalar.Tag.IsEmpty && scalar.Tag.Value == "tag:yaml.org,2002:str")
        {
            return JsonValue.Create(value);
        }

        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (LooksNumeric(value))
        {
            var isLong = long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l);
            var d = 0d;
            if (isLong || double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out d))
            {
                // Keep the number as written ("1.10", "2.0", "1e3") where JSON can hold it, so that a string field
                // such as a label value (version: 1.10) gets the text, not a reformatted "1.1".
                return IsJsonNumber(value) ? JsonValue.Create(JsonSerializer.Deserialize<JsonElement>(value))
                    : isLong ? JsonValue.Create(l)
                    : JsonValue.Create(d);
            }
        }

        return JsonValue.Create(value);
    }

    /// <summary>True for JSON's number grammar: <c>-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</c>.</summary>
    private static bool IsJsonNumber(string value)
    {
        var i = 0;
        if (i < value.Length && value[i] == '-')
        {
            i++;
        }

        if (i >= value.Length || !char.IsAsciiDigit(value[i]) || (value[i] == '0' && i + 1 < value.Length && char.IsAsciiDigit(value[i + 1])))
        {
            return false;
        }

        i = SkipDigits(value, i);
        if (i < value.Length && value[i] == '.')
        {
            var start = ++i;
            i = SkipDigits(value, i);
            if (i == start)
            {
                return false;
            }
        }

        if (i < value.Length && value[i] is 'e' or 'E')
        {
            i++;
            if (i < value.Length && value[i] is '+' or '-')
            {
                i++;
            }

            var start = i;
            i = SkipDigits(value, i);
            if (i == start)
            {
                return false;
            }
        }

        return i == value.Length;
    }

    private static int SkipDigits(string value, int i)
    {
        while (i < value.Length && char.IsAsciiDigit(value[i]))
        {
            i++;
        }

        return i;
    }

    private static bool LooksNumeric(string value)
    {
        var start = value[0] is '-' or '+' ? 1 : 0;
        if (start >= value.Length || !(char.IsAsciiDigit(value[start]) || value[start] == '.'))
        {
            return false;
        }

        foreach (var c in value.AsSpan(start))
        {
            if (!(char.IsAsciiDigit(c) || c is '.' or 'e' or 'E' or '-' or '+'))
            {
                return false;
            }
        }

        return true;
    }
}

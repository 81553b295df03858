using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mesh.Policy.Validation;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Mesh.Policy.Parsing;

/// <summary>
/// Splits YAML (multi-document, as Istio's files are, including a trailing empty document) or JSON text into
/// JSON trees. Plain scalars are typed with YAML 1.2's core schema; quoted scalars stay strings.
/// </summary>
internal static class YamlDocumentReader
{
    public static List<SourceDocument> Read(string text, string? source, List<PolicyDiagnostic> diagnostics)
    {
        var documents = new List<SourceDocument>();
        var stream = new YamlStream();

        // Text decoded without BOM detection (Encoding.UTF8.GetString) keeps the BOM; YamlDotNet would make it
        // part of the first key.
        var parser = new Parser(new StringReader(text.StartsWith('\uFEFF') ? text[1..] : text));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException ex)
        {
            var message = Trim(ex.InnerException?.Message ?? ex.Message);

            // YamlDotNet reports a tab used as indentation at the start of the enclosing mapping; point at the tab.
            var at = message.Contains("tab", StringComparison.Ordinal) && FindIndentationTab(text) is { } tab ? tab : ex.Start;
            diagnostics.Add(InvalidYaml(source, at, message));
            return documents;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this (not a YamlException) when the input ends inside an open flow
            // collection, e.g. "kind: [" with no closing bracket.
            diagnostics.Add(InvalidYaml(source, parser.Current?.Start ?? Mark.Empty, "unexpected end of input (an unclosed '[', '{' or quote?)"));
            return documents;
        }

        // Each resource gets its own position: a "---" document counts as one (an empty one too, so that [#N] is
        // the Nth document of the file), and so does each item of a JSON array or of a "kind: List".
        var index = 0;
        foreach (var doc in stream.Documents)
        {
            var node = Convert(doc.RootNode);
            if (node is JsonArray array)
            {
                // A JSON array (or YAML sequence) of resources: each item is its own document.
                foreach (var item in array)
                {
                    documents.Add(new SourceDocument(source, ++index, item?.DeepClone()));
                }
            }
            else if (node is JsonObject obj && obj["kind"]?.GetValueKind() == JsonValueKind.String
                     && (string?)obj["kind"] == "List" && obj["items"] is JsonArray items)
            {
                // kubectl's "kind: List" wrapper.
                foreach (var item in items)
                {
                    documents.Add(new SourceDocument(source, ++index, item?.DeepClone()));
                }
            }
            else if (node is not null)
            {
                documents.Add(new SourceDocument(source, ++index, node));
            }
            else
            {
                index++;
            }
        }

        return documents;
    }

    /// <summary>The first tab in a line's indentation, or null.</summary>
    private static Mark? FindIndentationTab(string text)
    {
        var offset = 0;
        var lines = text.Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var indent = lines[n].AsSpan().IndexOfAnyExcept(' ');
            if (indent >= 0 && lines[n][indent] == '\t')
            {
                return new Mark(offset + indent, n + 1, indent + 1);
            }

            offset += lines[n].Length + 1;
        }

        return null;
    }

    private static PolicyDiagnostic InvalidYaml(string? source, Mark at, string message) =>
        new(DiagnosticSeverity.Error, source, 0, null, null, null, "",
            string.Create(CultureInfo.InvariantCulture, $"invalid YAML at line {at.Line}, column {at.Column}: {message}"));

    private static string Trim(string message)
    {
        // YamlDotNet prefixes positions we already report.
        var i = message.IndexOf("): ", StringComparison.Ordinal);
        return i >= 0 && message.StartsWith('(') ? message[(i + 3)..] : message;
    }

    private static JsonNode? Convert(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
                var obj = new JsonObject();
                foreach (var (key, value) in map.Children)
                {
                    var name = key is YamlScalarNode s ? s.Value ?? "" : key.ToString();
                    obj[name] = Convert(value);
                }

                return obj;
            case YamlSequenceNode seq:
                var array = new JsonArray();
                foreach (var child in seq.Children)
                {
                    array.Add(Convert(child));
                }

                return array;
            case YamlScalarNode scalar:
                return ConvertScalar(scalar);
            default:
                return null;
        }
    }

    private static JsonNode? ConvertScalar(YamlScalarNode scalar)
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

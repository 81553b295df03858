using System.Globalization;
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
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            var message = ex.InnerException?.Message ?? ex.Message;
            diagnostics.Add(new PolicyDiagnostic(
                DiagnosticSeverity.Error, source, 0, null, null, null, "",
                string.Create(CultureInfo.InvariantCulture, $"invalid YAML at line {ex.Start.Line}, column {ex.Start.Column}: {Trim(message)}")));
            return documents;
        }

        var index = 0;
        foreach (var doc in stream.Documents)
        {
            index++;
            var node = Convert(doc.RootNode);
            if (node is JsonArray array)
            {
                // A JSON array (or YAML sequence) of resources: each item is its own document.
                foreach (var item in array)
                {
                    documents.Add(new SourceDocument(source, index, item?.DeepClone()));
                }
            }
            else if (node is JsonObject obj && obj["kind"]?.GetValueKind() == System.Text.Json.JsonValueKind.String
                     && (string?)obj["kind"] == "List" && obj["items"] is JsonArray items)
            {
                // kubectl's "kind: List" wrapper.
                foreach (var item in items)
                {
                    documents.Add(new SourceDocument(source, index, item?.DeepClone()));
                }
            }
            else if (node is not null)
            {
                documents.Add(new SourceDocument(source, index, node));
            }
        }

        return documents;
    }

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
            if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
            {
                return JsonValue.Create(l);
            }

            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            {
                return JsonValue.Create(d);
            }
        }

        return JsonValue.Create(value);
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

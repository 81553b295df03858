using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mesh.Policy.Validation;
using YamlDotNet.Core;

namespace Mesh.Policy.Parsing;

/// <summary>
/// Splits YAML (multi-document, as Istio's files are, including a trailing empty document) or JSON text into
/// JSON trees. Plain scalars are typed with YAML 1.2's core schema; quoted scalars stay strings. The input is read
/// within <see cref="PolicyInputLimits"/>.
/// </summary>
internal static class YamlDocumentReader
{
    public static List<SourceDocument> Read(string text, string? source, List<PolicyDiagnostic> diagnostics)
    {
        var documents = new List<SourceDocument>();
        var roots = new List<JsonNode?>();

        // Text decoded without BOM detection (Encoding.UTF8.GetString) keeps the BOM; YamlDotNet would make it
        // part of the first key.
        var parser = new Parser(new StringReader(text.StartsWith('\uFEFF') ? text[1..] : text));
        var builder = new YamlTreeBuilder(parser);
        try
        {
            if (!builder.Read(roots))
            {
                // A limit passed, or an alias or key that cannot be read: nothing of this input is used.
                diagnostics.Add(new PolicyDiagnostic(DiagnosticSeverity.Error, source, 0, null, null, null, "", builder.Refusal!));
                return documents;
            }
        }
        catch (YamlException ex)
        {
            var message = ReportedText.Shorten(Trim(ex.InnerException?.Message ?? ex.Message));

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
        foreach (var node in roots)
        {
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
}

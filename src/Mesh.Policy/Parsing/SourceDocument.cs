using System.Text.Json.Nodes;

namespace Mesh.Policy.Parsing;

/// <summary>One document of a YAML or JSON source, as a JSON tree, with where it came from.</summary>
/// <param name="Source">The file name or other source label.</param>
/// <param name="Index">The 1-based position of the document within its source.</param>
/// <param name="Node">The document's content; null for an empty document.</param>
internal sealed record SourceDocument(string? Source, int Index, JsonNode? Node);

using System.Globalization;
using System.Text.Json.Nodes;
using Mesh.Policy.Validation;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Mesh.Policy.Parsing;

/// <summary>
/// Builds JSON trees from YAMLDotNet's event stream with an explicit stack, not recursion, checking
/// <see cref="PolicyInputLimits"/> as it goes: a deep, huge or alias-bombed input stops at the first event that
/// passes a limit, before it costs stack, memory or time. An alias becomes a copy of the node it names, counted in
/// full, and only a node defined before it (YAML's rule) can be named, so a recursive alias is refused.
/// </summary>
internal sealed class YamlTreeBuilder(IParser parser)
{
    private readonly List<Frame> _open = [];
    private readonly Dictionary<string, Anchored> _anchors = new(StringComparer.Ordinal);
    private int _values;
    private int _aliasValues;
    private JsonNode? _root;

    /// <summary>Why the input was refused, with where; null while it is within bounds.</summary>
    public string? Refusal { get; private set; }

    /// <summary>Reads every document; each one's root (null for an empty document) is added to <paramref name="roots"/>.</summary>
    /// <returns>False when the input passed a limit or is not well formed as this builder reads it; see <see cref="Refusal"/>.</returns>
    /// <exception cref="YamlException">The text is not valid YAML.</exception>
    public bool Read(List<JsonNode?> roots)
    {
        while (parser.MoveNext())
        {
            var ok = parser.Current switch
            {
                DocumentStart => StartDocument(),
                DocumentEnd => EndDocument(roots),
                MappingStart start => Open(new JsonObject(), start),
                SequenceStart start => Open(new JsonArray(), start),
                MappingEnd or SequenceEnd => Close(),
                Scalar scalar => Add(YamlScalars.Convert(scalar), scalar, 1, 0, scalar.Anchor),
                AnchorAlias alias => AddAlias(alias),
                _ => true,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private bool StartDocument()
    {
        // Anchors belong to their document.
        _anchors.Clear();
        _root = null;
        return true;
    }

    private bool EndDocument(List<JsonNode?> roots)
    {
        roots.Add(_root);
        return true;
    }

    private bool Open(JsonNode container, NodeEvent start)
    {
        if (_open.Count >= PolicyInputLimits.MaxDepth)
        {
            return Refuse(Invariant($"the input nests deeper than {PolicyInputLimits.MaxDepth} levels {At(start.Start)}; Mesh accepts at most {PolicyInputLimits.MaxDepth}"));
        }

        if (_open.Count > 0 && _open[^1] is { Container: JsonObject, Key: null })
        {
            return Refuse(Invariant($"invalid YAML {At(start.Start)}: a map key must be a plain value, not a list or a map"));
        }

        if (!Count(1, start.Start))
        {
            return false;
        }

        _open.Add(new Frame(container, start.Anchor.IsEmpty ? null : start.Anchor.Value, start.Start, _values));
        return true;
    }

    private bool Close()
    {
        var frame = _open[^1];
        _open.RemoveAt(_open.Count - 1);
        return Add(frame.Container, frame.At, _values - frame.ValuesBefore, frame.Height + 1, frame.Anchor, counted: true);
    }

    private bool AddAlias(AnchorAlias alias)
    {
        var name = alias.Value.Value;
        foreach (var frame in _open)
        {
            if (frame.Anchor == name)
            {
                return Refuse(Invariant($"the alias *{Excerpt(name)} {At(alias.Start)} refers to the node that contains it (a recursive alias), which Mesh does not accept: write the content out"));
            }
        }

        if (!_anchors.TryGetValue(name, out var anchored))
        {
            return Refuse(Invariant($"invalid YAML {At(alias.Start)}: the alias *{Excerpt(name)} names no anchor (&{Excerpt(name)}) defined before it in this document"));
        }

        if (_open.Count + anchored.Height > PolicyInputLimits.MaxDepth)
        {
            return Refuse(Invariant($"the alias *{Excerpt(name)} {At(alias.Start)} makes the input nest deeper than {PolicyInputLimits.MaxDepth} levels; Mesh accepts at most {PolicyInputLimits.MaxDepth}"));
        }

        _aliasValues += anchored.Values;
        if (_aliasValues > PolicyInputLimits.MaxAliasValues)
        {
            return Refuse(Invariant($"aliases expand to more than {PolicyInputLimits.MaxAliasValues} values (at the alias *{Excerpt(name)} {At(alias.Start)}); Mesh expands at most {PolicyInputLimits.MaxAliasValues} per input: write the repeated parts out"));
        }

        // The copy's size and depth are known and within bounds, so DeepClone's recursion is too.
        return Count(anchored.Values, alias.Start)
            && Add(anchored.Node?.DeepClone(), alias.Start, anchored.Values, anchored.Height, null, counted: true, keyText: anchored.KeyText);
    }

    private bool Add(JsonNode? node, ParsingEvent at, int values, int height, AnchorName anchor) =>
        Add(node, at.Start, values, height, anchor.IsEmpty ? null : anchor.Value, counted: false, keyText: (at as Scalar)?.Value);

    private bool Add(JsonNode? node, Mark at, int values, int height, string? anchor, bool counted, string? keyText = null)
    {
        if (!counted && !Count(values, at))
        {
            return false;
        }

        if (anchor is not null)
        {
            _anchors[anchor] = new Anchored(node, values, height, keyText);
        }

        if (_open.Count == 0)
        {
            _root = node;
            return true;
        }

        var parent = _open[^1];
        if (parent.Container is JsonArray array)
        {
            array.Add(node);
            parent.Height = Math.Max(parent.Height, height);
            return true;
        }

        var map = (JsonObject)parent.Container;
        if (parent.Key is null)
        {
            // Keys are taken as written (port: 80 has the key "port"; a key 1 is "1").
            if (keyText is null)
            {
                return Refuse(Invariant($"invalid YAML {At(at)}: a map key must be a plain value, not a list or a map"));
            }

            if (map.ContainsKey(keyText))
            {
                // The wording YamlDotNet used, which tools and tests already know.
                return Refuse(Invariant($"invalid YAML {At(at)}: Duplicate key {Excerpt(keyText)}"));
            }

            parent.Key = keyText;
            return true;
        }

        map[parent.Key] = node;
        parent.Key = null;
        parent.Height = Math.Max(parent.Height, height);
        return true;
    }

    private bool Count(int values, Mark at)
    {
        _values += values;
        return _values <= PolicyInputLimits.MaxValues
            || Refuse(Invariant($"the input holds more than {PolicyInputLimits.MaxValues} values (lists, maps and scalars, aliases expanded) {At(at)}; Mesh accepts at most {PolicyInputLimits.MaxValues} per input: split it into several"));
    }

    private bool Refuse(string message)
    {
        Refusal = message;
        return false;
    }

    private static string At(Mark at) => Invariant($"at line {at.Line}, column {at.Column}");

    private static string Excerpt(string text) => ReportedText.Shorten(text, 100);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>A list or map being read.</summary>
    private sealed class Frame(JsonNode container, string? anchor, Mark at, int valuesBefore)
    {
        public JsonNode Container { get; } = container;

        public string? Anchor { get; } = anchor;

        public Mark At { get; } = at;

        /// <summary>The input's value count before this node, so its own size is the difference when it closes.</summary>
        public int ValuesBefore { get; } = valuesBefore;

        /// <summary>The deepest nesting among the children read so far.</summary>
        public int Height { get; set; }

        /// <summary>A map's key waiting for its value.</summary>
        public string? Key { get; set; }
    }

    /// <summary>A node with an anchor: what an alias copies, and what the copy costs.</summary>
    private sealed record Anchored(JsonNode? Node, int Values, int Height, string? KeyText);
}

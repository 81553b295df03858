using System.Text;

namespace Mesh.Testing;

/// <summary>
/// Small bodies that crash, hang or bloat naive YAML and JSON readers (aliases, nesting, size, numbers, names,
/// encodings), as bytes, since the encoding is part of what is hostile. Shared by the parser's and the server's
/// fuzz tests.
/// </summary>
public static class HostileInputs
{
    private const string Resource = "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews\nspec:\n  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n      weight: 100\n";

    /// <summary>Every body, each with a name that says what it is.</summary>
    public static IReadOnlyList<(string Name, byte[] Body)> All { get; } = Build();

    private static List<(string, byte[])> Build()
    {
        var all = new List<(string, byte[])>();
        void Add(string name, string text) => all.Add((name, Encoding.UTF8.GetBytes(text)));
        void AddBytes(string name, byte[] bytes) => all.Add((name, bytes));

        // Aliases.
        Add("recursive alias", "a: &a [*a]");
        Add("recursive alias at the root", "&a [*a]");
        Add("recursive alias in a map", "&a {b: *a}");
        Add("recursive alias in a resource", "kind: VirtualService\nmetadata: {name: r}\nspec: &s\n  hosts: [reviews]\n  http: [*s]\n");
        Add("billion laughs", BillionLaughs());
        Add("alias nesting past the depth limit", "a: &a " + Nest(40, "[", "]") + "\nb: " + Nest(30, "[", "]").Insert(30, "*a"));
        Add("alias of an undefined anchor", "kind: *nope\n");
        Add("alias used before its anchor", "kind: *k\nx: &k VirtualService\n");
        Add("alias of a map as a key", "a: &a {x: 1}\n*a : 1\n");
        Add("merge key", "base: &b {hosts: [a]}\nkind: VirtualService\nmetadata: {name: r}\nspec:\n  <<: *b\n");
        Add("many distinct anchors", string.Concat(Enumerable.Range(0, 20_000).Select(i => $"k{i}: &a{i} v\n")));

        // Nesting.
        Add("flow lists nested 100,000 deep", Nest(100_000, "[", "]"));
        Add("flow maps nested 20,000 deep", string.Concat(Enumerable.Repeat("{a: ", 20_000)) + "1" + new string('}', 20_000));
        Add("block maps nested 200 deep", string.Concat(Enumerable.Range(0, 200).Select(i => new string(' ', i) + "a:\n")));
        Add("block lists nested 5,000 deep on one line", string.Concat(Enumerable.Repeat("- ", 5_000)) + "x\n");
        Add("unclosed flow lists", new string('[', 50_000));
        Add("JSON nested 10,000 deep", Nest(10_000, "{\"a\":", "}").Insert(10_000 * 5, "1"));

        // Size.
        Add("100,000 empty list items", "kind: VirtualService\nmetadata: {name: r}\nspec:\n  hosts:\n" + string.Concat(Enumerable.Repeat("  -\n", 100_000)));
        Add("100,000 empty routes", "kind: VirtualService\nmetadata: {name: r}\nspec:\n  hosts: [a]\n  http:\n" + string.Concat(Enumerable.Repeat("  - {}\n", 100_000)));
        Add("300,000 values", "- " + string.Join("\n- ", Enumerable.Repeat("a", 300_000)));
        Add("100,000 empty documents", string.Concat(Enumerable.Repeat("---\n", 100_000)));
        Add("100,000 documents without kind", string.Concat(Enumerable.Repeat("---\na: 1\n", 100_000)));
        Add("a List of 50,000 nulls", "kind: List\nitems:\n" + string.Concat(Enumerable.Repeat("- ~\n", 50_000)));
        Add("one 2 MB line", new string('x', 2_000_000));
        Add("100,000 carriage returns", new string('\r', 100_000));
        Add("a 2,000 character simple key", new string('k', 2_000) + ": v\n");

        // Numbers.
        Add("huge integer weight", Resource.Replace("weight: 100", "weight: 99999999999999999999999999999999999999", StringComparison.Ordinal));
        Add("1e400 weight", Resource.Replace("weight: 100", "weight: 1e400", StringComparison.Ordinal));
        Add("-1e400 weight", Resource.Replace("weight: 100", "weight: -1e400", StringComparison.Ordinal));
        Add("NaN and infinity weights", Resource.Replace("weight: 100", "weight: .nan", StringComparison.Ordinal) + "---\n" + Resource.Replace("weight: 100", "weight: .inf", StringComparison.Ordinal));
        Add("100,000 digit number", Resource.Replace("weight: 100", "weight: " + new string('9', 100_000), StringComparison.Ordinal));
        Add("fraction of 100,000 digits", Resource.Replace("weight: 100", "weight: 0." + new string('1', 100_000), StringComparison.Ordinal));
        Add("hex, octal and underscored numbers", Resource.Replace("weight: 100", "weight: 0x64", StringComparison.Ordinal) + "---\n" + Resource.Replace("weight: 100", "weight: 0o144", StringComparison.Ordinal) + "---\n" + Resource.Replace("weight: 100", "weight: 1_00", StringComparison.Ordinal));

        // Names.
        Add("1 MB name", Resource.Replace("name: reviews", "name: " + new string('a', 1_000_000), StringComparison.Ordinal));
        Add("1 MB kind", Resource.Replace("kind: VirtualService", "kind: " + new string('K', 1_000_000), StringComparison.Ordinal));
        Add("1 MB unknown field", Resource + "  " + new string('f', 1_000_000) + ": 1\n");
        Add("1 MB host", Resource.Replace("hosts: [reviews]", "hosts: [" + new string('h', 1_000_000) + "]", StringComparison.Ordinal));
        Add("100 distinct 10 KB unknown fields", Resource + string.Concat(Enumerable.Range(0, 100).Select(i => "  " + new string('f', 10_000) + i + ": 1\n")));
        Add("unicode names", Resource.Replace("name: reviews", "name: révïews-😀-\u202Eevil\u200B", StringComparison.Ordinal));
        Add("a key with a NUL", Resource.Replace("hosts:", "ho\0sts:", StringComparison.Ordinal));

        // Encodings.
        Add("UTF-8 byte order mark", "\uFEFF" + Resource);
        Add("byte order mark inside", Resource.Replace("name: reviews", "name: \uFEFFreviews", StringComparison.Ordinal));
        Add("NUL bytes", "kind: Virtual\0Service\0\0\n\0");
        Add("only NULs", new string('\0', 10_000));
        AddBytes("invalid UTF-8", [.. Encoding.UTF8.GetBytes("kind: "), 0xC3, 0x28, 0xFF, 0xFE, 0xFD, (byte)'\n', 0x80, 0x80]);
        AddBytes("overlong UTF-8 and encoded surrogates", [.. Encoding.UTF8.GetBytes("metadata: {name: "), 0xC0, 0xAF, 0xED, 0xA0, 0x80, 0xF4, 0x90, 0x80, 0x80, (byte)'}']);
        AddBytes("UTF-16 with its byte order mark", [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(Resource)]);
        AddBytes("UTF-32", Encoding.UTF32.GetBytes(Resource));
        Add("control characters", "kind: \u0001\u0002\u001B[31mred\u0007\n");
        Add("tabs as indentation", Resource.Replace("  ", "\t", StringComparison.Ordinal));
        Add("a lone surrogate", "kind: \uD800x\n");

        // YAML features an API does not expect.
        Add("tags", "--- !!map\nkind: !!binary aGVsbG8=\nmetadata: !<tag:yaml.org,2002:set> {name: r}\nspec: !!python/object:os.system {}\n");
        Add("directives", "%YAML 1.1\n%TAG ! tag:example.com,2000:\n---\nkind: !x VirtualService\n");
        Add("complex keys", "? [a, b]\n: 1\n? {c: d}\n: 2\n");
        Add("duplicate keys", Resource + "kind: DestinationRule\n");
        Add("a document that is a string", "\"just a string\"");
        Add("JSON with escapes", "{\"kind\":\"Virtual\\u0000Service\",\"metadata\":{\"name\":\"\\ud800\"}}");
        return all;
    }

    private static string Nest(int depth, string open, string close) =>
        string.Concat(Enumerable.Repeat(open, depth)) + string.Concat(Enumerable.Repeat(close, depth));

    /// <summary>Nine levels of nine aliases each: 9^9 (387 million) values from about 400 bytes.</summary>
    private static string BillionLaughs()
    {
        var sb = new StringBuilder("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i < 9; i++)
        {
            sb.Append('l').Append(i).Append(": &l").Append(i).Append(" [")
              .Append(string.Join(", ", Enumerable.Repeat("*l" + (i - 1), 9))).Append("]\n");
        }

        return sb.ToString();
    }
}

using System.Text;

namespace Mesh.Testing;

/// <summary>
/// Seeded, repeatable mutations of a policy file: the same seed and input give the same bytes, so a failing case
/// can be replayed from the seed a test names. Mutations mix structure breakers (cut, copied or swapped spans and
/// lines, indentation changes) with hostile fragments (aliases, brackets, numbers, control and unicode characters,
/// long runs) and byte-level damage (invalid UTF-8).
/// </summary>
public sealed class PolicyMutator(int seed)
{
    private static readonly string[] Fragments =
    [
        "&a ", "*a", "&a [*a]", "<<: *a", "[", "]", "{", "}", "- ", ": ", "? ", "---\n", "...\n", "\n", "\t", " ", "#",
        "!!str ", "!!binary ", "%YAML 1.1\n", "\"", "'", "|\n", ">\n", "\0", "\uFEFF", "\uFFFD", "\u202E", "😀", "é",
        "1e400", "-1e400", "99999999999999999999999", ".nan", ".inf", "0x1F", "-0", "~", "null", "true", "2147483648",
        "apiVersion: v1\n", "kind: VirtualService\n", "metadata: {name: x}\n", "spec: {}\n",
    ];

    private readonly Random _random = new(seed);

    /// <summary>The seed, for a failure message.</summary>
    public int Seed { get; } = seed;

    /// <summary>One to four mutations of <paramref name="text"/>, as UTF-8 bytes (which a byte mutation may make invalid).</summary>
    public byte[] Mutate(string text)
    {
        var current = text;
        var count = _random.Next(1, 5);
        for (var i = 0; i < count; i++)
        {
            current = MutateText(current);
        }

        var bytes = Encoding.UTF8.GetBytes(current);
        return _random.Next(8) == 0 && bytes.Length > 0 ? MutateBytes(bytes) : bytes;
    }

    private string MutateText(string text)
    {
        var at = text.Length == 0 ? 0 : _random.Next(text.Length + 1);
        var span = _random.Next(Math.Min(64, text.Length - at) + 1);
        switch (_random.Next(9))
        {
            case 0:
                return text.Remove(at, span);
            case 1:
                return text.Insert(at, Fragments[_random.Next(Fragments.Length)]);
            case 2:
                return text.Insert(at, text.Substring(at, span));
            case 3:
                // A long run of one fragment: deep brackets, many items, a long name.
                return text.Insert(at, string.Concat(Enumerable.Repeat(Fragments[_random.Next(Fragments.Length)], _random.Next(100, 5_000))));
            case 4:
                return SwapLines(text);
            case 5:
                return Reindent(text);
            case 6:
                // A value replaced: the text after the next ": " up to the line's end.
                var colon = text.IndexOf(": ", at, StringComparison.Ordinal);
                var end = colon < 0 ? -1 : text.IndexOf('\n', colon);
                return colon < 0 || end < 0 ? text : text[..(colon + 2)] + Fragments[_random.Next(Fragments.Length)] + text[end..];
            case 7:
                return text.Insert(at, new string((char)_random.Next(0, 0x3000), _random.Next(1, 10)));
            default:
                return text.Length == 0 ? text : text.Remove(at == text.Length ? at - 1 : at, 1);
        }
    }

    private string SwapLines(string text)
    {
        var lines = text.Split('\n');
        if (lines.Length < 2)
        {
            return text;
        }

        var a = _random.Next(lines.Length);
        var b = _random.Next(lines.Length);
        (lines[a], lines[b]) = (lines[b], lines[a]);
        return string.Join('\n', lines);
    }

    private string Reindent(string text)
    {
        var lines = text.Split('\n');
        var n = _random.Next(lines.Length);
        lines[n] = _random.Next(2) == 0 ? "  " + lines[n] : lines[n].TrimStart();
        return string.Join('\n', lines);
    }

    private byte[] MutateBytes(byte[] bytes)
    {
        var copy = (byte[])bytes.Clone();
        var flips = _random.Next(1, 4);
        for (var i = 0; i < flips; i++)
        {
            // Bytes that are never valid UTF-8 on their own: continuation bytes, overlong leads, 0xFE/0xFF.
            copy[_random.Next(copy.Length)] = (byte)(_random.Next(4) switch { 0 => 0x80, 1 => 0xC0, 2 => 0xFE, _ => 0xFF });
        }

        return copy;
    }
}

namespace Mesh.Client.Security.Authorization;

/// <summary>A list of <see cref="StringPattern"/>s that matches when any of them does (the values of one field).</summary>
internal sealed class PatternSet
{
    private readonly StringPattern[] _patterns;

    private PatternSet(StringPattern[] patterns) => _patterns = patterns;

    /// <summary>Compiles <paramref name="values"/>, or returns null when the field is absent or empty (not constrained).</summary>
    public static PatternSet? Create(List<string>? values, bool ignoreCase = false)
    {
        if (values is not { Count: > 0 })
        {
            return null;
        }

        var patterns = new StringPattern[values.Count];
        for (var i = 0; i < patterns.Length; i++)
        {
            patterns[i] = StringPattern.Create(values[i], ignoreCase);
        }

        return new PatternSet(patterns);
    }

    public static PatternSet Of(params StringPattern[] patterns) => new(patterns);

    public bool Matches(ReadOnlySpan<char> value)
    {
        foreach (var pattern in _patterns)
        {
            if (pattern.Matches(value))
            {
                return true;
            }
        }

        return false;
    }
}

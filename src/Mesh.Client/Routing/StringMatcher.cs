using System.Text.RegularExpressions;
using Mesh.Policy.Resources;

namespace Mesh.Client.Routing;

/// <summary>
/// A compiled Istio <see cref="StringMatch"/>: exact, prefix, a whole-value regular expression (compiled once,
/// here), or "any value" for an empty match.
/// </summary>
internal sealed class StringMatcher
{
    private static readonly TimeSpan RegexBudget = TimeSpan.FromMilliseconds(100);

    private readonly Kind _kind;
    private readonly string _value;
    private readonly StringComparison _comparison;
    private readonly Regex? _regex;

    private StringMatcher(Kind kind, string value, bool ignoreCase)
    {
        _kind = kind;
        _value = value;
        _comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        if (kind == Kind.Regex)
        {
            // RE2 (Istio) matches the whole value; anchor so that .NET does too.
            var options = RegexOptions.CultureInvariant | RegexOptions.Compiled | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
            _regex = new Regex("^(?:" + value + ")$", options, RegexBudget);
        }
    }

    private enum Kind
    {
        Any,
        Exact,
        Prefix,
        Regex,
    }

    /// <summary>True for a prefix match (a rewrite replaces only the prefix).</summary>
    public bool IsPrefix => _kind == Kind.Prefix;

    /// <summary>The prefix or exact value.</summary>
    public string Value => _value;

    public static StringMatcher Create(StringMatch match, bool ignoreCase = false)
    {
        if (match.Exact is not null)
        {
            return new StringMatcher(Kind.Exact, match.Exact, ignoreCase);
        }

        if (match.Prefix is not null)
        {
            return new StringMatcher(Kind.Prefix, match.Prefix, ignoreCase);
        }

        // Istio's ignoreUriCase applies to exact and prefix matches only; a regex says its own case rules.
        return match.Regex is not null
            ? new StringMatcher(Kind.Regex, match.Regex, ignoreCase: false)
            : new StringMatcher(Kind.Any, "", ignoreCase);
    }

    public static StringMatcher CreateRegex(string pattern) => new(Kind.Regex, pattern, ignoreCase: false);

    public bool Matches(ReadOnlySpan<char> value) => _kind switch
    {
        Kind.Exact => value.Equals(_value, _comparison),
        Kind.Prefix => value.StartsWith(_value, _comparison),
        Kind.Regex => _regex!.IsMatch(value),
        _ => true,
    };
}

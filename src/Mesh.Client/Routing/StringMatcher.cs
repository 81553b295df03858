using System.Text.RegularExpressions;
using Mesh.Policy.Resources;

namespace Mesh.Client.Routing;

/// <summary>
/// A compiled Istio <see cref="StringMatch"/>: exact, prefix, a whole-value regular expression (compiled once,
/// here), or "any value" for an empty match.
/// </summary>
internal sealed class StringMatcher
{
    // Generous: a busy machine must not turn a slow match into an error. Compiled and warmed when the snapshot is
    // built, so requests never pay for compilation.
    private static readonly TimeSpan RegexBudget = TimeSpan.FromSeconds(1);

    private readonly Kind _kind;
    private readonly string _value;
    private readonly StringComparison _comparison;
    private readonly Regex? _regex;
    private readonly string _regexPrefix = "";

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
            _regexPrefix = ignoreCase ? "" : RegexLiteralPrefix.Of(value);
            _ = _regex.IsMatch("");
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

    // A match that runs past its budget is a non-match (fail closed), never an exception in the caller's request.
    private static bool SafeIsMatch(Regex regex, ReadOnlySpan<char> value)
    {
        try
        {
            return regex.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// A literal every matching value must equal (<paramref name="exact"/>) or start with, compared ordinally: the
    /// exact or prefix value, or a regex's required literal prefix. False when there is none (any value, a regex
    /// without a literal prefix, or a case-insensitive match).
    /// </summary>
    public bool TryGetLiteral(out string literal, out bool exact)
    {
        exact = _kind == Kind.Exact;
        literal = _kind == Kind.Regex ? _regexPrefix : _value;
        return _comparison == StringComparison.Ordinal && _kind != Kind.Any && literal.Length > 0;
    }

    public bool Matches(ReadOnlySpan<char> value) => _kind switch
    {
        Kind.Exact => value.Equals(_value, _comparison),
        Kind.Prefix => value.StartsWith(_value, _comparison),
        Kind.Regex => value.StartsWith(_regexPrefix, StringComparison.Ordinal) && SafeIsMatch(_regex!, value),
        _ => true,
    };
}

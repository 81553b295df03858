namespace Mesh.Client.Security.Authorization;

/// <summary>
/// One AuthorizationPolicy string value, compiled: exact, <c>prefix*</c>, <c>*suffix</c>, or <c>*</c> (any value
/// that is present). This is the matching Istio applies to principals, namespaces, paths, hosts and condition values.
/// </summary>
internal sealed class StringPattern
{
    private readonly Kind _kind;
    private readonly string _value;
    private readonly StringComparison _comparison;

    private StringPattern(Kind kind, string value, StringComparison comparison)
    {
        _kind = kind;
        _value = value;
        _comparison = comparison;
    }

    private enum Kind
    {
        Any,
        Exact,
        Prefix,
        Suffix,
    }

    /// <summary>The literal part (without the <c>*</c>).</summary>
    public string Value => _value;

    /// <summary>True for <c>*</c>.</summary>
    public bool IsAny => _kind == Kind.Any;

    /// <summary>True for <c>*suffix</c>.</summary>
    public bool IsSuffix => _kind == Kind.Suffix;

    public static StringPattern Create(string pattern, bool ignoreCase = false)
    {
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        if (pattern == "*")
        {
            return new StringPattern(Kind.Any, "", comparison);
        }

        if (pattern.Length > 1 && pattern[0] == '*')
        {
            return new StringPattern(Kind.Suffix, pattern[1..], comparison);
        }

        return pattern.Length > 1 && pattern[^1] == '*'
            ? new StringPattern(Kind.Prefix, pattern[..^1], comparison)
            : new StringPattern(Kind.Exact, pattern, comparison);
    }

    public bool Matches(ReadOnlySpan<char> value) => _kind switch
    {
        Kind.Exact => value.Equals(_value, _comparison),
        Kind.Prefix => value.StartsWith(_value, _comparison),
        Kind.Suffix => value.EndsWith(_value, _comparison),
        _ => true,
    };
}

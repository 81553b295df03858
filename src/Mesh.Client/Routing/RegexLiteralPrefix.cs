namespace Mesh.Client.Routing;

/// <summary>
/// The literal text every match of a whole-value regular expression must start with, found without parsing the
/// pattern fully. A route's regex condition tests this prefix first, so that a request whose path cannot match
/// (the common case when walking routes) never starts the regex engine.
/// </summary>
/// <remarks>
/// Conservative on purpose: a shorter prefix (or none) is always correct, a longer one would reject values the
/// regex accepts. So the scan stops at the first character that is not plainly literal, gives up on any pattern
/// with an alternation (one branch may not start with the others' text), and drops the last literal when a
/// quantifier follows it (<c>ab?</c> does not require the <c>b</c>).
/// </remarks>
internal static class RegexLiteralPrefix
{
    private const string Special = @"\^$.|?*+()[]{}#";

    /// <summary>The required literal prefix of <paramref name="pattern"/> (matched case-sensitively, anchored at the start), or "".</summary>
    public static string Of(string pattern)
    {
        if (pattern.Contains('|', StringComparison.Ordinal))
        {
            return "";
        }

        var end = 0;
        while (end < pattern.Length && !Special.Contains(pattern[end], StringComparison.Ordinal) && !char.IsWhiteSpace(pattern[end]))
        {
            end++;
        }

        if (end < pattern.Length && end > 0 && pattern[end] is '?' or '*' or '+' or '{')
        {
            end--;
        }

        return pattern[..end];
    }
}

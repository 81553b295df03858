using System.Text.RegularExpressions;
using Mesh.Client.Routing;
using Mesh.Policy.Resources;

namespace Mesh.Client.Tests.Routing;

public class RegexLiteralPrefixTests
{
    [Theory]
    [InlineData("/reviews/[0-9]+", "/reviews/")]
    [InlineData("/products/\\d+", "/products/")]
    [InlineData("/api/v1.*", "/api/v1")]
    [InlineData("/ab?c", "/a")] // the b is optional
    [InlineData("/ab*", "/a")]
    [InlineData("/ab+", "/a")] // conservative: the b is required, but dropping it is still correct
    [InlineData("/ab{2}", "/a")]
    [InlineData("/exact", "/exact")]
    [InlineData("GET|HEAD", "")] // an alternation: no branch's text is required
    [InlineData("/a(b|c)", "")]
    [InlineData("(?i)/reviews", "")] // inline options change how the rest reads
    [InlineData("^/x", "")]
    [InlineData(".*", "")]
    [InlineData("[a-z]+/x", "")]
    [InlineData("a b", "a")]
    [InlineData("", "")]
    public void Of_IsTheTextEveryMatchStartsWith(string pattern, string prefix) =>
        Assert.Equal(prefix, RegexLiteralPrefix.Of(pattern));

    public static TheoryData<string> Patterns() =>
    [
        "/reviews/[0-9]+", "/ab?c", "/ab*", "/ab+x", "/ab{2,3}", "/a(b|c)", "GET|HEAD", "(?i)/Reviews", "/a\\.b", "/a.b",
        "/r[0-9]*/x?", "/x y", "/\\d{2}", "abc(?=d)d",
    ];

    // The prefix is only a shortcut: with or without it, the matcher must accept exactly what the anchored regex does.
    [Theory]
    [MemberData(nameof(Patterns))]
    public void Matches_WithThePrefixTest_AgreesWithTheRegexAlone(string pattern)
    {
        string[] values =
        [
            "", "/", "/reviews", "/reviews/", "/reviews/1", "/reviews/12x", "/ac", "/abc", "/a", "/ab", "/abbx", "/abb",
            "/abbb", "/ax", "GET", "HEAD", "GETX", "/reviews", "/REVIEWS", "/a.b", "/axb", "/r/", "/r12/x", "/r1/", "/x y",
            "/12", "/1", "abcd", "abc", "/ab", "/c",
        ];
        var matcher = StringMatcher.Create(new StringMatch { Regex = pattern });
        var regex = new Regex("^(?:" + pattern + ")$", RegexOptions.CultureInvariant);

        foreach (var value in values)
        {
            Assert.True(regex.IsMatch(value) == matcher.Matches(value), $"pattern '{pattern}', value '{value}'");
        }
    }
}

using System.Globalization;
using System.Text.RegularExpressions;
using Mesh.Client.Routing;
using Mesh.Policy.Resources;

namespace Mesh.Client.Tests.Routing;

public class StringMatcherTests
{
    [Theory]
    [InlineData("/reviews", true)]
    [InlineData("/reviews/", false)]
    [InlineData("/Reviews", false)]
    [InlineData("/review", false)]
    public void Matches_Exact_OnlyTheSameValue(string value, bool expected) =>
        Assert.Equal(expected, StringMatcher.Create(new StringMatch { Exact = "/reviews" }).Matches(value));

    [Theory]
    [InlineData("/api", true)]
    [InlineData("/api/v1/products", true)]
    [InlineData("/apix", true)]
    [InlineData("/ap", false)]
    [InlineData("/v1/api", false)]
    public void Matches_Prefix_ValuesThatStartWithIt(string value, bool expected) =>
        Assert.Equal(expected, StringMatcher.Create(new StringMatch { Prefix = "/api" }).Matches(value));

    [Theory]
    [InlineData("/products/42", true)]
    [InlineData("/products/42/reviews", false)] // RE2 semantics: the whole value, not a substring
    [InlineData("/v1/products/42", false)]
    [InlineData("/products/", false)]
    public void Matches_Regex_MustMatchTheWholeValue(string value, bool expected) =>
        Assert.Equal(expected, StringMatcher.Create(new StringMatch { Regex = "/products/[0-9]+" }).Matches(value));

    [Fact]
    public void Matches_RegexWithAlternation_AnchorsEveryBranch()
    {
        // Without a group around the pattern, "^a|b$" would accept "bx" and "xb"... it must not.
        var matcher = StringMatcher.Create(new StringMatch { Regex = "GET|HEAD" });

        Assert.True(matcher.Matches("GET"));
        Assert.True(matcher.Matches("HEAD"));
        Assert.False(matcher.Matches("GETX"));
        Assert.False(matcher.Matches("XHEAD"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("anything")]
    public void Matches_EmptyMatch_AcceptsAnyValue(string value) =>
        Assert.True(StringMatcher.Create(new StringMatch()).Matches(value));

    [Theory]
    [InlineData("/API/V1", true)]
    [InlineData("/Api/v1/x", true)]
    [InlineData("/other", false)]
    public void Matches_PrefixIgnoringCase_AcceptsOtherCase(string value, bool expected) =>
        Assert.Equal(expected, StringMatcher.Create(new StringMatch { Prefix = "/api/v1" }, ignoreCase: true).Matches(value));

    [Fact]
    public void IsPrefixAndValue_DescribeThePrefixForRewrites()
    {
        var prefix = StringMatcher.Create(new StringMatch { Prefix = "/old" });
        var exact = StringMatcher.Create(new StringMatch { Exact = "/old" });

        Assert.True(prefix.IsPrefix);
        Assert.Equal("/old", prefix.Value);
        Assert.False(exact.IsPrefix);
    }

    [Fact]
    public async Task Matches_FreshRegexUnderCpuContention_StillMatches()
    {
        // The matcher turns a timed-out match into a non-match (fail closed), so a timeout shows as a false here.
        var results = new List<bool>();
        using var stop = new CancellationTokenSource();
        var spinners = new Task[4 * Environment.ProcessorCount];
        for (var i = 0; i < spinners.Length; i++)
        {
            spinners[i] = Task.Factory.StartNew(
                () =>
                {
                    while (!stop.IsCancellationRequested)
                    {
                        Thread.SpinWait(1_000);
                    }
                },
                TaskCreationOptions.LongRunning);
        }

        try
        {
            for (var i = 0; i < 20; i++)
            {
                // A new snapshot compiles new regexes; the first request after it is the first match.
                var matcher = StringMatcher.Create(new StringMatch { Regex = string.Create(CultureInfo.InvariantCulture, $"^(.*?;)?( ?user{i}=jason)(;.*)?$") });
                results.Add(matcher.Matches(string.Create(CultureInfo.InvariantCulture, $"session=abc; user{i}=jason; theme=dark")));
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(spinners);
        }

        Assert.Equal(Enumerable.Repeat(true, 20), results);
    }

    [Fact]
    public void Matches_FreshRegex_RefusesAValueWithoutTheCookie()
    {
        // The negative control of the test above: the same pattern does not match everything.
        var matcher = StringMatcher.Create(new StringMatch { Regex = "^(.*?;)?( ?user3=jason)(;.*)?$" });

        Assert.False(matcher.Matches("session=abc; user=jason; theme=dark"));
        Assert.True(matcher.Matches("user3=jason"));
    }
}

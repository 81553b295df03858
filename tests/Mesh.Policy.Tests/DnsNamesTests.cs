using Mesh.Policy.Resources;

namespace Mesh.Policy.Tests;

public class DnsNamesTests
{
    [Theory]
    [InlineData("reviews")]
    [InlineData("istio-system")]
    [InlineData("a")]
    [InlineData("v2")]
    [InlineData("0abc")]
    public void IsLabel_LowerCaseLettersDigitsAndDashes_True(string value)
    {
        Assert.True(DnsNames.IsLabel(value));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Reviews")]
    [InlineData("-reviews")]
    [InlineData("reviews-")]
    [InlineData("reviews.default")]
    [InlineData("re_views")]
    [InlineData("rëviews")]
    public void IsLabel_AnythingElse_False(string? value)
    {
        Assert.False(DnsNames.IsLabel(value));
    }

    [Fact]
    public void IsLabel_SixtyThreeCharactersAtMost()
    {
        Assert.True(DnsNames.IsLabel(new string('a', 63)));
        Assert.False(DnsNames.IsLabel(new string('a', 64)));
    }

    [Theory]
    [InlineData("reviews")]
    [InlineData("reviews.default.svc.cluster.local")]
    [InlineData("api-v1.example.com")]
    public void IsSubdomain_DotSeparatedLabels_True(string value)
    {
        Assert.True(DnsNames.IsSubdomain(value));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(".reviews")]
    [InlineData("reviews.")]
    [InlineData("reviews..default")]
    [InlineData("Reviews.default")]
    [InlineData("*.example.com")]
    public void IsSubdomain_EmptyOrBadLabel_False(string? value)
    {
        Assert.False(DnsNames.IsSubdomain(value));
    }

    [Fact]
    public void IsSubdomain_TwoHundredFiftyThreeCharactersAtMost()
    {
        var label = new string('a', 63);
        var longest = string.Join('.', label, label, label, new string('a', 61)); // 253
        Assert.True(DnsNames.IsSubdomain(longest));
        Assert.False(DnsNames.IsSubdomain(longest + "a"));
    }
}

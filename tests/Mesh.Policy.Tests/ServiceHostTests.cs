using Mesh.Policy.Resources;

namespace Mesh.Policy.Tests;

public class ServiceHostTests
{
    [Theory]
    [InlineData("reviews", "bookinfo", "reviews.bookinfo.svc.cluster.local")]
    [InlineData("reviews.bookinfo", "default", "reviews.bookinfo.svc.cluster.local")]
    [InlineData("reviews.bookinfo.svc", "default", "reviews.bookinfo.svc.cluster.local")]
    [InlineData("reviews.bookinfo.svc.cluster", "default", "reviews.bookinfo.svc.cluster.local")]
    [InlineData("reviews.bookinfo.svc.cluster.local", "default", "reviews.bookinfo.svc.cluster.local")]
    [InlineData("reviews.bookinfo.svc.cluster.local.", "default", "reviews.bookinfo.svc.cluster.local")]
    [InlineData("Reviews", "default", "reviews.default.svc.cluster.local")]
    [InlineData("reviews:9080", "default", "reviews.default.svc.cluster.local")]
    [InlineData("bookstore.bookstore", "default", "bookstore.bookstore.svc.cluster.local")]
    public void Qualify_MeshServiceForms_GiveTheFullyQualifiedName(string host, string ns, string expected)
    {
        Assert.Equal(expected, ServiceHost.Qualify(host, ns));
    }

    [Theory]
    [InlineData("httpbin.org", "httpbin.org")]
    [InlineData("www.google.com", "www.google.com")]
    [InlineData("WWW.GoogleAPIs.com:443", "www.googleapis.com")]
    [InlineData("api.example.io", "api.example.io")]
    [InlineData("*.bookinfo.svc.cluster.local", "*.bookinfo.svc.cluster.local")]
    [InlineData("*", "*")]
    public void Qualify_ExternalOrWildcardHost_LeftAsWritten(string host, string expected)
    {
        Assert.Equal(expected, ServiceHost.Qualify(host, "bookinfo"));
    }

    [Fact]
    public void Qualify_ThreeNamesOfOneService_AreEqual()
    {
        var forms = new[] { "reviews", "reviews.bookinfo", "reviews.bookinfo.svc.cluster.local" }.Select(h => ServiceHost.Qualify(h, "bookinfo"));

        Assert.Single(forms.Distinct(StringComparer.Ordinal));
    }

    [Fact]
    public void TrySplit_QualifiedServiceHost_GivesServiceAndNamespace()
    {
        Assert.True(ServiceHost.TrySplit("reviews.bookinfo.svc.cluster.local", out var service, out var ns));
        Assert.Equal(("reviews", "bookinfo"), (service, ns));
    }

    [Theory]
    [InlineData("httpbin.org")]
    [InlineData("reviews.svc.cluster.local")]
    [InlineData("a.b.c.svc.cluster.local")]
    [InlineData("reviews")]
    public void TrySplit_NotAServiceHost_ReturnsFalse(string host)
    {
        Assert.False(ServiceHost.TrySplit(host, out _, out _));
    }

    [Theory]
    [InlineData("reviews:9080", "reviews")]
    [InlineData("reviews", "reviews")]
    [InlineData("10.0.0.1:80", "10.0.0.1")]
    [InlineData("[::1]:8080", "::1")]
    [InlineData("[fd00::1]", "fd00::1")]
    [InlineData("fd00::1", "fd00::1")]
    public void StripPort_RemovesPortButNotIpv6Colons(string host, string expected)
    {
        Assert.Equal(expected, ServiceHost.StripPort(host));
    }

    [Theory]
    [InlineData("*", "anything.example.com", true)]
    [InlineData("*.bookinfo.svc.cluster.local", "reviews.bookinfo.svc.cluster.local", true)]
    [InlineData("*.bookinfo.svc.cluster.local", "reviews.default.svc.cluster.local", false)]
    [InlineData("*.example.com", "example.com", false)]
    [InlineData("*.example.com", "a.b.example.com", true)]
    [InlineData("reviews.bookinfo.svc.cluster.local", "reviews.bookinfo.svc.cluster.local", true)]
    [InlineData("reviews.bookinfo.svc.cluster.local", "ratings.bookinfo.svc.cluster.local", false)]
    public void Covers_WildcardOrExactPattern_MatchesAsIstioDoes(string pattern, string host, bool expected)
    {
        Assert.Equal(expected, ServiceHost.Covers(pattern, host));
    }

    [Fact]
    public void Aliases_ServiceInCallersNamespace_EveryFormDownToTheShortName()
    {
        Assert.Equal(
            ["reviews.bookinfo.svc.cluster.local", "reviews.bookinfo", "reviews.bookinfo.svc", "reviews.bookinfo.svc.cluster", "reviews"],
            ServiceHost.Aliases("reviews.bookinfo.svc.cluster.local", "bookinfo"));
    }

    [Fact]
    public void Aliases_ServiceInAnotherNamespace_NoShortName()
    {
        Assert.Equal(
            ["reviews.bookinfo.svc.cluster.local", "reviews.bookinfo", "reviews.bookinfo.svc", "reviews.bookinfo.svc.cluster"],
            ServiceHost.Aliases("reviews.bookinfo.svc.cluster.local", "default"));
    }

    [Theory]
    [InlineData("httpbin.org")]
    [InlineData("*.example.com")]
    public void Aliases_ExternalHost_OnlyItself(string host)
    {
        Assert.Equal([host], ServiceHost.Aliases(host, "default"));
    }

    [Fact]
    public void Aliases_EachQualifiesBackToTheHost_InTheCallersNamespace()
    {
        const string host = "reviews.bookinfo.svc.cluster.local";
        foreach (var alias in ServiceHost.Aliases(host, "bookinfo"))
        {
            Assert.Equal(host, ServiceHost.Qualify(alias, "bookinfo"));
        }
    }
}

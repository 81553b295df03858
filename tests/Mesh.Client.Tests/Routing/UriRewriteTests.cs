using Mesh.Client.Routing;
using Mesh.Policy.Resources;
using Mesh.Policy.Resources.Networking;

namespace Mesh.Client.Tests.Routing;

public class UriRewriteTests
{
    [Fact]
    public void Apply_PrefixMatch_ReplacesOnlyThePrefixAndKeepsTheQuery()
    {
        var rewrite = new UriRewrite(new HttpRewrite { Uri = "/v2/ratings" });
        var matched = Matcher(new StringMatch { Prefix = "/ratings" });

        Assert.Equal("/v2/ratings/42?x=1", rewrite.Apply(new Uri("http://ratings/ratings/42?x=1"), matched));
    }

    [Fact]
    public void Apply_ExactMatch_ReplacesTheWholePath()
    {
        var rewrite = new UriRewrite(new HttpRewrite { Uri = "/new" });
        var matched = Matcher(new StringMatch { Exact = "/old" });

        Assert.Equal("/new", rewrite.Apply(new Uri("http://svc/old"), matched));
    }

    [Fact]
    public void Apply_NoMatchBlock_ReplacesTheWholePath()
    {
        var rewrite = new UriRewrite(new HttpRewrite { Uri = "/" });

        Assert.Equal("/?q=a", rewrite.Apply(new Uri("http://svc/some/path?q=a"), matched: null));
    }

    [Fact]
    public void Apply_RegexRewrite_UsesIstioStyleCaptureGroups()
    {
        var rewrite = new UriRewrite(new HttpRewrite { UriRegexRewrite = new RegexRewrite { Match = "^/service/([^/]+)(/.*)$", Rewrite = "\\2/instance/\\1" } });

        Assert.Equal("/status/instance/foo", rewrite.Apply(new Uri("http://svc/service/foo/status"), matched: null));
    }

    [Fact]
    public void Authority_Empty_KeepsTheCallersHost()
    {
        Assert.Null(new UriRewrite(new HttpRewrite { Authority = "" }).Authority);
        Assert.Equal("new.host", new UriRewrite(new HttpRewrite { Authority = "new.host" }).Authority);
    }

    [Fact]
    public void RewritesPath_AuthorityOnly_IsFalse()
    {
        Assert.False(new UriRewrite(new HttpRewrite { Authority = "new.host" }).RewritesPath);
        Assert.True(new UriRewrite(new HttpRewrite { Uri = "/x" }).RewritesPath);
    }

    private static RequestMatcher Matcher(StringMatch uri) => RequestMatcher.Create(new HttpMatchRequest { Uri = uri }, TestPolicies.Caller)!;
}

using Mesh.Client.Routing;
using Mesh.Policy.Resources;
using Mesh.Policy.Resources.Networking;
using static Mesh.Client.Tests.Routing.TestPolicies;

namespace Mesh.Client.Tests.Routing;

public class RequestMatcherTests
{
    private const string Url = "http://reviews.default.svc.cluster.local:9080/api/v1/products?user=jason&debug&page=2";

    [Theory]
    [InlineData("/api/v1/products", true)]
    [InlineData("/api/v1/products/1", false)]
    [InlineData("/api/v1", false)]
    public void Matches_UriExact_ComparesThePathWithoutQuery(string exact, bool expected) =>
        Assert.Equal(expected, Matches(new HttpMatchRequest { Uri = new StringMatch { Exact = exact } }, Get(Url)));

    [Theory]
    [InlineData("/api/", true)]
    [InlineData("/api/v2", false)]
    public void Matches_UriPrefix_ComparesTheStartOfThePath(string prefix, bool expected) =>
        Assert.Equal(expected, Matches(new HttpMatchRequest { Uri = new StringMatch { Prefix = prefix } }, Get(Url)));

    [Theory]
    [InlineData("/api/v[0-9]+/products", true)]
    [InlineData("/api/v[0-9]+", false)] // a regex matches the whole path, not a part of it
    [InlineData("/api/v1/products\\?user=jason.*", false)] // nor the query
    public void Matches_UriRegex_MatchesTheWholePath(string regex, bool expected) =>
        Assert.Equal(expected, Matches(new HttpMatchRequest { Uri = new StringMatch { Regex = regex } }, Get(Url)));

    [Fact]
    public void Matches_IgnoreUriCase_MatchesPathInAnotherCase()
    {
        var match = new HttpMatchRequest { Uri = new StringMatch { Exact = "/API/V1/Products" }, IgnoreUriCase = true };

        Assert.True(Matches(match, Get(Url)));
    }

    [Fact]
    public void Matches_UriCaseDiffersWithoutIgnoreUriCase_DoesNotMatch()
    {
        var match = new HttpMatchRequest { Uri = new StringMatch { Exact = "/API/V1/Products" } };

        Assert.False(Matches(match, Get(Url)));
    }

    [Fact]
    public void Matches_IgnoreUriCaseWithRegex_StaysCaseSensitive()
    {
        var match = new HttpMatchRequest { Uri = new StringMatch { Regex = "/API/v1/products" }, IgnoreUriCase = true };

        Assert.False(Matches(match, Get(Url)));
    }

    [Theory]
    [InlineData("GET", true)]
    [InlineData("POST", false)]
    [InlineData("get", false)]
    public void Matches_MethodExact_IsCaseSensitive(string method, bool expected) =>
        Assert.Equal(expected, Matches(new HttpMatchRequest { Method = new StringMatch { Exact = method } }, Get(Url)));

    [Fact]
    public void Matches_MethodRegex_MatchesAlternatives()
    {
        var match = new HttpMatchRequest { Method = new StringMatch { Regex = "PUT|POST" } };

        Assert.True(Matches(match, new HttpRequestMessage(HttpMethod.Post, Url)));
        Assert.True(Matches(match, new HttpRequestMessage(HttpMethod.Put, Url)));
        Assert.False(Matches(match, new HttpRequestMessage(HttpMethod.Get, Url)));
    }

    [Theory]
    [InlineData("jason", true)]
    [InlineData("Jason", false)]
    [InlineData("jason2", false)]
    public void Matches_HeaderExact_ComparesTheValue(string value, bool expected) =>
        Assert.Equal(expected, Matches(Header("end-user", new StringMatch { Exact = "jason" }), Get(Url, ("end-user", value))));

    [Fact]
    public void Matches_HeaderNameInAnotherCase_StillMatches()
    {
        // HTTP header names are case-insensitive; Istio writes them lower-case.
        Assert.True(Matches(Header("end-user", new StringMatch { Exact = "jason" }), Get(Url, ("End-User", "jason"))));
    }

    [Theory]
    [InlineData("canary-42", true)]
    [InlineData("stable", false)]
    public void Matches_HeaderPrefix_ComparesTheStart(string value, bool expected) =>
        Assert.Equal(expected, Matches(Header("x-track", new StringMatch { Prefix = "canary" }), Get(Url, ("x-track", value))));

    [Theory]
    [InlineData("v2", true)]
    [InlineData("v22", true)]
    [InlineData("xv2", false)]
    [InlineData("v2-beta", false)]
    public void Matches_HeaderRegex_MatchesTheWholeValue(string value, bool expected) =>
        Assert.Equal(expected, Matches(Header("x-version", new StringMatch { Regex = "v[0-9]+" }), Get(Url, ("x-version", value))));

    [Fact]
    public void Matches_HeaderMissing_DoesNotMatch()
    {
        Assert.False(Matches(Header("end-user", new StringMatch { Exact = "jason" }), Get(Url)));
    }

    [Theory]
    [InlineData("user=jason", true)]
    [InlineData("session=abc; user=jason", true)]
    [InlineData("session=abc; user=jason; theme=dark", true)]
    [InlineData("session=abc; user=jasonx", false)]
    [InlineData("session=abc", false)]
    public void Matches_CookieHeaderRegex_FindsTheCookieAmongOthers(string cookie, bool expected)
    {
        // The Bookinfo example: a user cookie anywhere in the Cookie header.
        var match = Header("cookie", new StringMatch { Regex = "^(.*?;)?( ?user=jason)(;.*)?$" });

        Assert.Equal(expected, Matches(match, Get(Url, ("Cookie", cookie))));
    }

    [Fact]
    public void Matches_HeaderWithSeveralLines_MatchesTheJoinedValueAsEnvoyDoes()
    {
        var request = Get(Url);
        request.Headers.TryAddWithoutValidation("x-group", "alpha");
        request.Headers.TryAddWithoutValidation("x-group", "beta");

        Assert.True(Matches(Header("x-group", new StringMatch { Regex = "alpha,\\s*beta" }), request));
        Assert.True(Matches(Header("x-group", new StringMatch { Prefix = "alpha" }), request));
        Assert.False(Matches(Header("x-group", new StringMatch { Exact = "beta" }), request));
    }

    [Fact]
    public void Matches_UserAgentRegexAcrossProductTokens_MatchesTheWholeHeader()
    {
        var request = Get(Url);
        request.Headers.UserAgent.ParseAdd("Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0");

        Assert.True(Matches(Header("user-agent", new StringMatch { Regex = "Mozilla/.*Chrome/.*" }), request));
    }

    [Fact]
    public void Matches_AcceptHeaderExact_ComparesTheWholeHeaderValue()
    {
        var request = Get(Url);
        request.Headers.Add("Accept", "text/html, application/json");

        Assert.True(Matches(Header("accept", new StringMatch { Exact = "text/html, application/json" }), request));
        Assert.False(Matches(Header("accept", new StringMatch { Exact = "application/json" }), request));
    }

    [Fact]
    public void Matches_HeaderAddedWithoutValidation_ComparesTheWholeRawValue()
    {
        var request = Get(Url, ("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0"));

        Assert.True(Matches(Header("user-agent", new StringMatch { Regex = "Mozilla/.*Chrome/.*" }), request));
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("", true)]
    [InlineData(null, false)]
    public void Matches_EmptyHeaderMatch_RequiresOnlyPresence(string? value, bool expected)
    {
        var request = value is null ? Get(Url) : Get(Url, ("x-debug", value));

        Assert.Equal(expected, Matches(Header("x-debug", new StringMatch()), request));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("beta", true)]
    [InlineData("internal", false)]
    public void Matches_WithoutHeaders_ExcludesRequestsWhoseHeaderMatches(string? value, bool expected)
    {
        var match = new HttpMatchRequest { WithoutHeaders = new() { ["x-user-group"] = new StringMatch { Exact = "internal" } } };
        var request = value is null ? Get(Url) : Get(Url, ("x-user-group", value));

        Assert.Equal(expected, Matches(match, request));
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void Matches_WithoutHeadersEmptyMatch_RequiresAbsence(bool present, bool expected)
    {
        var match = new HttpMatchRequest { WithoutHeaders = new() { ["x-canary"] = new StringMatch() } };
        var request = present ? Get(Url, ("x-canary", "anything")) : Get(Url);

        Assert.Equal(expected, Matches(match, request));
    }

    [Theory]
    [InlineData("user", "jason", true)]
    [InlineData("user", "json", false)]
    [InlineData("page", "2", true)]
    [InlineData("missing", "x", false)]
    public void Matches_QueryParamExact_ReadsTheRawQuery(string name, string exact, bool expected)
    {
        var match = new HttpMatchRequest { QueryParams = new() { [name] = new StringMatch { Exact = exact } } };

        Assert.Equal(expected, Matches(match, Get(Url)));
    }

    [Theory]
    [InlineData("page", "[0-9]+", true)]
    [InlineData("user", "j.*", true)]
    [InlineData("user", "ja", false)] // whole value
    public void Matches_QueryParamRegex_MatchesTheWholeValue(string name, string regex, bool expected)
    {
        var match = new HttpMatchRequest { QueryParams = new() { [name] = new StringMatch { Regex = regex } } };

        Assert.Equal(expected, Matches(match, Get(Url)));
    }

    [Theory]
    [InlineData("debug", true)] // a flag without '='
    [InlineData("user", true)]
    [InlineData("trace", false)]
    public void Matches_QueryParamEmptyMatch_RequiresPresence(string name, bool expected)
    {
        var match = new HttpMatchRequest { QueryParams = new() { [name] = new StringMatch() } };

        Assert.Equal(expected, Matches(match, Get(Url)));
    }

    [Theory]
    [InlineData(9080, true)]
    [InlineData(80, false)]
    public void Matches_Port_ComparesTheRequestPort(int port, bool expected) =>
        Assert.Equal(expected, Matches(new HttpMatchRequest { Port = port }, Get(Url)));

    [Fact]
    public void Matches_PortWithDefaultHttpPort_UsesPort80()
    {
        Assert.True(Matches(new HttpMatchRequest { Port = 80 }, Get("http://reviews/")));
    }

    [Theory]
    [InlineData("reviews.default.svc.cluster.local:9080", true)]
    [InlineData("reviews.default.svc.cluster.local", false)]
    public void Matches_AuthorityExact_UsesTheUriAuthorityWithoutHostHeader(string exact, bool expected) =>
        Assert.Equal(expected, Matches(new HttpMatchRequest { Authority = new StringMatch { Exact = exact } }, Get(Url)));

    [Fact]
    public void Matches_AuthorityWithHostHeader_UsesTheHostHeader()
    {
        var request = Get(Url);
        request.Headers.Host = "shop.example.com";
        var match = new HttpMatchRequest { Authority = new StringMatch { Prefix = "shop." } };

        Assert.True(Matches(match, request));
        Assert.False(Matches(new HttpMatchRequest { Authority = new StringMatch { Prefix = "reviews" } }, request));
    }

    [Theory]
    [InlineData("http", true)]
    [InlineData("https", false)]
    public void Matches_Scheme_ComparesTheUriScheme(string scheme, bool expected) =>
        Assert.Equal(expected, Matches(new HttpMatchRequest { Scheme = new StringMatch { Exact = scheme } }, Get(Url)));

    [Theory]
    [InlineData("GET", "jason", true)]
    [InlineData("POST", "jason", false)]
    [InlineData("GET", "mary", false)]
    public void Matches_SeveralFieldsInOneMatch_AllMustHold(string method, string user, bool expected)
    {
        var match = new HttpMatchRequest
        {
            Uri = new StringMatch { Prefix = "/api" },
            Method = new StringMatch { Exact = "GET" },
            Headers = new() { ["end-user"] = new StringMatch { Exact = "jason" } },
            QueryParams = new() { ["page"] = new StringMatch { Exact = "2" } },
            Port = 9080,
        };
        var request = new HttpRequestMessage(new HttpMethod(method), Url);
        request.Headers.TryAddWithoutValidation("end-user", user);

        Assert.Equal(expected, Matches(match, request));
    }

    [Fact]
    public void Matches_TwoHeaderConditions_BothMustHold()
    {
        var match = new HttpMatchRequest
        {
            Headers = new()
            {
                ["end-user"] = new StringMatch { Exact = "jason" },
                ["x-track"] = new StringMatch { Exact = "canary" },
            },
        };

        Assert.True(Matches(match, Get(Url, ("end-user", "jason"), ("x-track", "canary"))));
        Assert.False(Matches(match, Get(Url, ("end-user", "jason"))));
        Assert.False(Matches(match, Get(Url, ("x-track", "canary"))));
    }

    [Fact]
    public void Matches_EmptyMatchBlock_MatchesEveryRequest()
    {
        Assert.True(Matches(new HttpMatchRequest(), new HttpRequestMessage(HttpMethod.Delete, "http://anything:1234/x?y")));
    }

    [Fact]
    public void Create_SourceLabelsOfThisCaller_Compiles()
    {
        var match = new HttpMatchRequest { SourceLabels = new() { ["app"] = "productpage", ["version"] = "v1" } };

        Assert.NotNull(RequestMatcher.Create(match, Caller));
    }

    [Theory]
    [InlineData("app", "ratings")]
    [InlineData("version", "v2")]
    [InlineData("team", "blue")] // a label the caller does not have
    public void Create_SourceLabelsOfAnotherCaller_ReturnsNull(string key, string value)
    {
        var match = new HttpMatchRequest { SourceLabels = new() { ["app"] = "productpage", [key] = value } };

        Assert.Null(RequestMatcher.Create(match, Caller));
    }

    [Theory]
    [InlineData("default", true)]
    [InlineData("prod", false)]
    public void Create_SourceNamespace_IsSettledAgainstTheCaller(string ns, bool compiles)
    {
        var matcher = RequestMatcher.Create(new HttpMatchRequest { SourceNamespace = ns }, Caller);

        Assert.Equal(compiles, matcher is not null);
    }

    [Fact]
    public void Create_SourceLabelsOfThisCaller_LeavesTheRequestConditionsInForce()
    {
        var match = new HttpMatchRequest
        {
            SourceLabels = new() { ["app"] = "productpage" },
            Headers = new() { ["end-user"] = new StringMatch { Exact = "jason" } },
        };

        var matcher = RequestMatcher.Create(match, Caller)!;

        Assert.True(matcher.Matches(Get(Url, ("end-user", "jason")), new Uri(Url)));
        Assert.False(matcher.Matches(Get(Url), new Uri(Url)));
    }

    private static HttpMatchRequest Header(string name, StringMatch match) => new() { Headers = new() { [name] = match } };

    private static bool Matches(HttpMatchRequest match, HttpRequestMessage request)
    {
        var matcher = RequestMatcher.Create(match, Caller);
        Assert.NotNull(matcher);
        return matcher.Matches(request, request.RequestUri!);
    }
}

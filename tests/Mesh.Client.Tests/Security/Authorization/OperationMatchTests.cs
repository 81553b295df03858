using static Mesh.Client.Tests.Security.Authorization.Authz;

namespace Mesh.Client.Tests.Security.Authorization;

public class OperationMatchTests
{
    private static Mesh.Client.Security.Authorization.AuthorizationEngine Allow(string operation) =>
        Compile(Workload("reviews"), AuthzPolicy("rules:\n- to:\n  - operation:\n      " + operation));

    [Theory]
    [InlineData("GET", true)]
    [InlineData("HEAD", true)]
    [InlineData("POST", false)]
    public void Methods(string method, bool allowed) =>
        Assert.Equal(allowed, Allow("methods: [GET, HEAD]").Allows(Request(method)));

    [Theory]
    [InlineData("GET", true)]
    [InlineData("DELETE", false)]
    public void NotMethods(string method, bool allowed) =>
        Assert.Equal(allowed, Allow("notMethods: [DELETE]").Allows(Request(method)));

    [Theory]
    [InlineData("/info", true)]
    [InlineData("/info/", false)]
    [InlineData("/Info", false)]
    [InlineData("/api/v1/books", true)]
    [InlineData("/api", false)]
    [InlineData("/static/site.css", true)]
    [InlineData("/css", false)]
    public void Paths_ExactPrefixAndSuffix(string path, bool allowed) =>
        Assert.Equal(allowed, Allow("paths: [/info, \"/api/*\", \"*.css\"]").Allows(Request(path: path)));

    [Fact]
    public void Paths_Star_MatchesEveryPath() =>
        Assert.True(Allow("paths: [\"*\"]").Allows(Request(path: "/anything/at/all")));

    [Theory]
    [InlineData("/healthz", false)]
    [InlineData("/admin/x", false)]
    [InlineData("/reviews/1", true)]
    public void NotPaths(string path, bool allowed) =>
        Assert.Equal(allowed, Allow("notPaths: [/healthz, \"/admin*\"]").Allows(Request(path: path)));

    [Theory]
    [InlineData(9080, true)]
    [InlineData(15000, false)]
    public void Ports_AreTheLocalPort(int port, bool allowed)
    {
        Assert.Equal(allowed, Allow("ports: [\"9080\"]").Allows(Request(port: port)));
        Assert.Equal(!allowed, Allow("notPorts: [\"9080\"]").Allows(Request(port: port)));
    }

    [Theory]
    [InlineData("reviews", true)]
    [InlineData("reviews:9080", true)]
    [InlineData("REVIEWS.default:9080", true)]
    [InlineData("reviews.default.svc.cluster.local", true)]
    [InlineData("ratings:9080", false)]
    [InlineData("api.example.com:8443", true)]
    [InlineData("api.example.com:443", false)]
    [InlineData("www.shop.io", true)]
    [InlineData("shop.io", false)]
    public void Hosts_CaseInsensitive_WithoutPortMatchAnyPort(string host, bool allowed) =>
        Assert.Equal(allowed, Allow("hosts: [reviews, reviews.default, \"reviews.default.svc.*\", \"api.example.com:8443\", \"*.shop.io\"]").Allows(Request(host: host)));

    [Theory]
    [InlineData("[::1]:9080", true)]
    [InlineData("[::1]", true)]
    [InlineData("[::2]:9080", false)]
    public void Hosts_IPv6Literals(string host, bool allowed) =>
        Assert.Equal(allowed, Allow("hosts: [\"[::1]\"]").Allows(Request(host: host)));

    [Fact]
    public void Hosts_Star_NeedsAHostHeader()
    {
        var engine = Allow("hosts: [\"*\"]");

        Assert.True(engine.Allows(Request(host: "anything:1")));
        Assert.False(engine.Allows(Request(host: "")));
    }

    [Theory]
    [InlineData("internal.local:80", false)]
    [InlineData("reviews", true)]
    public void NotHosts(string host, bool allowed) =>
        Assert.Equal(allowed, Allow("notHosts: [internal.local]").Allows(Request(host: host)));

    [Fact]
    public void Fields_OfOneOperation_AreAllRequired()
    {
        var engine = Allow("methods: [POST]\n      paths: [\"/api/*\"]");

        Assert.True(engine.Allows(Request("POST", "/api/x")));
        Assert.False(engine.Allows(Request("GET", "/api/x")));
        Assert.False(engine.Allows(Request("POST", "/other")));
    }

    [Fact]
    public void Operations_OfOneRule_AreAlternatives_AndSourcesMustMatchToo()
    {
        var engine = Compile(Workload("reviews"), AuthzPolicy($$"""
            rules:
            - from:
              - source: {principals: ["{{ProductPage}}"]}
              to:
              - operation: {methods: [GET], paths: ["/info*"]}
              - operation: {methods: [POST], paths: [/data]}
            """));

        Assert.True(engine.Allows(Request("GET", "/info/1", ProductPage)));
        Assert.True(engine.Allows(Request("POST", "/data", ProductPage)));
        Assert.False(engine.Allows(Request("POST", "/info/1", ProductPage)));
        Assert.False(engine.Allows(Request("GET", "/info/1", Reviews)));
    }
}

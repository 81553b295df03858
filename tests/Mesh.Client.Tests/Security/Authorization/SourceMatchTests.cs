using static Mesh.Client.Tests.Security.Authorization.Authz;

namespace Mesh.Client.Tests.Security.Authorization;

public class SourceMatchTests
{
    private static Mesh.Client.Security.Authorization.AuthorizationEngine Allow(string source) =>
        Compile(Workload("reviews"), AuthzPolicy("rules:\n- from:\n  - source:\n      " + source));

    private static Mesh.Client.Security.Authorization.AuthorizationEngine Deny(string source) =>
        Compile(Workload("reviews"), AuthzPolicy("action: DENY\nrules:\n- from:\n  - source:\n      " + source));

    [Theory]
    [InlineData("cluster.local/ns/default/sa/bookinfo-productpage", true)]
    [InlineData("cluster.local/ns/default/sa/bookinfo-productpage2", false)]
    [InlineData("cluster.local/ns/default/sa/BOOKINFO-productpage", false)]
    [InlineData(null, false)]
    public void Principals_Exact(string? principal, bool allowed) =>
        Assert.Equal(allowed, Allow("principals: [cluster.local/ns/default/sa/bookinfo-productpage]").Allows(Request(principal: principal)));

    [Theory]
    [InlineData("cluster.local/ns/default/sa/reviews", true)]
    [InlineData("cluster.local/ns/other/sa/reviews", false)]
    public void Principals_Prefix(string principal, bool allowed) =>
        Assert.Equal(allowed, Allow("principals: [\"cluster.local/ns/default/*\"]").Allows(Request(principal: principal)));

    [Theory]
    [InlineData("cluster.local/ns/default/sa/reviews", true)]
    [InlineData("other.domain/ns/x/sa/reviews", true)]
    [InlineData("cluster.local/ns/default/sa/ratings", false)]
    public void Principals_Suffix(string principal, bool allowed) =>
        Assert.Equal(allowed, Allow("principals: [\"*/sa/reviews\"]").Allows(Request(principal: principal)));

    [Fact]
    public void Principals_Star_MatchesAnyAuthenticatedCallerButNotPlaintext()
    {
        var engine = Allow("principals: [\"*\"]");

        Assert.True(engine.Allows(Request(principal: Reviews)));
        Assert.False(engine.Allows(Request(principal: null)));
    }

    [Fact]
    public void NotPrincipals_Star_InADenyPolicy_RefusesPlaintextCallersOnly()
    {
        var engine = Deny("notPrincipals: [\"*\"]");

        Assert.False(engine.Allows(Request(principal: null)));
        Assert.True(engine.Allows(Request(principal: Reviews)));
    }

    [Fact]
    public void NotPrincipals_ExcludesTheListedCallers()
    {
        var engine = Allow("notPrincipals: [cluster.local/ns/default/sa/bookinfo-reviews]");

        Assert.False(engine.Allows(Request(principal: Reviews)));
        Assert.True(engine.Allows(Request(principal: ProductPage)));
        Assert.True(engine.Allows(Request(principal: null)), "a plaintext caller is not the listed principal");
    }

    [Theory]
    [InlineData("cluster.local/ns/shop/sa/a", true)]
    [InlineData("cluster.local/ns/shop-test/sa/a", true)]
    [InlineData("cluster.local/ns/default/sa/a", false)]
    [InlineData(null, false)]
    public void Namespaces_ComeFromThePeerPrincipal(string? principal, bool allowed) =>
        Assert.Equal(allowed, Allow("namespaces: [shop, \"shop-*\"]").Allows(Request(principal: principal)));

    [Theory]
    [InlineData("cluster.local/ns/shop/sa/a", false)]
    [InlineData("cluster.local/ns/default/sa/a", true)]
    [InlineData(null, true)]
    public void NotNamespaces(string? principal, bool allowed) =>
        Assert.Equal(allowed, Allow("notNamespaces: [shop]").Allows(Request(principal: principal)));

    [Theory]
    [InlineData("10.1.2.3", true)]
    [InlineData("10.200.0.1", true)]
    [InlineData("192.168.1.7", true)]
    [InlineData("192.168.1.8", false)]
    [InlineData("::ffff:10.1.2.3", true)]
    [InlineData("fd00::1", true)]
    [InlineData("fe80::1", false)]
    public void IpBlocks_CidrsAndSingleAddresses(string ip, bool allowed) =>
        Assert.Equal(allowed, Allow("ipBlocks: [\"10.0.0.0/8\", \"192.168.1.7\", \"fd00::/8\"]").Allows(Request(ip: ip)));

    [Theory]
    [InlineData("10.1.2.3", false)]
    [InlineData("127.0.0.1", true)]
    public void NotIpBlocks(string ip, bool allowed) =>
        Assert.Equal(allowed, Allow("notIpBlocks: [\"10.0.0.0/8\"]").Allows(Request(ip: ip)));

    [Theory]
    [InlineData("10.1.2.3", true)]
    [InlineData("127.0.0.1", false)]
    public void RemoteIpBlocks_AreTheCallersAddressToo(string ip, bool allowed)
    {
        Assert.Equal(allowed, Allow("remoteIpBlocks: [\"10.0.0.0/8\"]").Allows(Request(ip: ip)));
        Assert.Equal(!allowed, Allow("notRemoteIpBlocks: [\"10.0.0.0/8\"]").Allows(Request(ip: ip)));
    }

    [Theory]
    [InlineData("cluster.local/ns/shop/sa/cart", true)]
    [InlineData("cluster.local/ns/default/sa/reviews", true)]
    [InlineData("cluster.local/ns/default/sa/cart", false)]
    [InlineData("other.domain/ns/shop/sa/cart", false)]
    public void ServiceAccounts_AreNamespaceSlashNameOrANameInThePolicysNamespace(string principal, bool allowed) =>
        Assert.Equal(allowed, Allow("serviceAccounts: [shop/cart, reviews]").Allows(Request(principal: principal)));

    [Fact]
    public void Fields_OfOneSource_AreAllRequired()
    {
        var engine = Allow("namespaces: [default]\n      ipBlocks: [\"10.0.0.0/8\"]");

        Assert.True(engine.Allows(Request(principal: Reviews, ip: "10.0.0.1")));
        Assert.False(engine.Allows(Request(principal: Reviews, ip: "11.0.0.1")));
        Assert.False(engine.Allows(Request(principal: null, ip: "10.0.0.1")));
    }

    [Fact]
    public void Sources_OfOneRule_AreAlternatives()
    {
        var engine = Compile(Workload("reviews"), AuthzPolicy("rules:\n- from:\n  - source: {principals: [\"" + ProductPage + "\"]}\n  - source: {ipBlocks: [\"10.0.0.0/8\"]}"));

        Assert.True(engine.Allows(Request(principal: ProductPage, ip: "192.0.2.1")));
        Assert.True(engine.Allows(Request(principal: null, ip: "10.0.0.1")));
        Assert.False(engine.Allows(Request(principal: Reviews, ip: "192.0.2.1")));
    }
}

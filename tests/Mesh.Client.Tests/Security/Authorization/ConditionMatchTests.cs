using static Mesh.Client.Tests.Security.Authorization.Authz;

namespace Mesh.Client.Tests.Security.Authorization;

public class ConditionMatchTests
{
    private static Mesh.Client.Security.Authorization.AuthorizationEngine When(string key, string values) =>
        Compile(Workload("reviews"), AuthzPolicy("rules:\n- when:\n  - key: " + key + "\n    " + values));

    private static Dictionary<string, string> Header(string name, string value) => new() { [name] = value };

    [Theory]
    [InlineData("v1", true)]
    [InlineData("v2-beta", true)]
    [InlineData("v3", false)]
    public void RequestHeader_Values_ExactAndPrefix(string value, bool allowed) =>
        Assert.Equal(allowed, When("request.headers[x-version]", "values: [v1, \"v2*\"]").Allows(Request(headers: Header("X-Version", value))));

    [Fact]
    public void RequestHeader_Values_AbsentHeaderDoesNotMatch() =>
        Assert.False(When("request.headers[x-version]", "values: [v1]").Allows(Request()));

    [Fact]
    public void RequestHeader_Star_MeansPresent()
    {
        var engine = When("request.headers[x-token]", "values: [\"*\"]");

        Assert.True(engine.Allows(Request(headers: Header("x-token", "anything"))));
        Assert.False(engine.Allows(Request()));
    }

    [Theory]
    [InlineData("blocked", false)]
    [InlineData("fine", true)]
    [InlineData(null, true)]
    public void RequestHeader_NotValues(string? value, bool allowed) =>
        Assert.Equal(allowed, When("request.headers[user]", "notValues: [blocked]").Allows(Request(headers: value is null ? null : Header("user", value))));

    [Theory]
    [InlineData("10.1.2.3", true)]
    [InlineData("192.0.2.1", false)]
    public void SourceIp_AndRemoteIp_AreTheCallersAddress(string ip, bool allowed)
    {
        Assert.Equal(allowed, When("source.ip", "values: [\"10.0.0.0/8\"]").Allows(Request(ip: ip)));
        Assert.Equal(allowed, When("remote.ip", "values: [\"10.0.0.0/8\"]").Allows(Request(ip: ip)));
        Assert.Equal(!allowed, When("source.ip", "notValues: [\"10.0.0.0/8\"]").Allows(Request(ip: ip)));
    }

    [Theory]
    [InlineData("10.9.9.9", true)]
    [InlineData("10.9.9.8", false)]
    public void DestinationIp_IsTheLocalAddress(string local, bool allowed) =>
        Assert.Equal(allowed, When("destination.ip", "values: [10.9.9.9]").Allows(Request(localIp: local)));

    [Theory]
    [InlineData("cluster.local/ns/shop/sa/a", true)]
    [InlineData("cluster.local/ns/default/sa/a", false)]
    [InlineData(null, false)]
    public void SourceNamespace(string? principal, bool allowed) =>
        Assert.Equal(allowed, When("source.namespace", "values: [shop]").Allows(Request(principal: principal)));

    [Theory]
    [InlineData(ProductPage, true)]
    [InlineData(Reviews, false)]
    [InlineData(null, false)]
    public void SourcePrincipal(string? principal, bool allowed) =>
        Assert.Equal(allowed, When("source.principal", "values: [\"*/sa/bookinfo-productpage\"]").Allows(Request(principal: principal)));

    [Theory]
    [InlineData(ProductPage, false)]
    [InlineData(null, true)]
    public void SourcePrincipal_NotValues_PlaintextCallerIsNotTheListedOne(string? principal, bool allowed) =>
        Assert.Equal(allowed, When("source.principal", "notValues: [\"" + ProductPage + "\"]").Allows(Request(principal: principal)));

    [Theory]
    [InlineData(ProductPage, true)]
    [InlineData(Reviews, false)]
    public void SourceServiceAccount(string principal, bool allowed) =>
        Assert.Equal(allowed, When("source.serviceAccount", "values: [default/bookinfo-productpage]").Allows(Request(principal: principal)));

    [Theory]
    [InlineData(9080, true)]
    [InlineData(9081, false)]
    public void DestinationPort(int port, bool allowed)
    {
        Assert.Equal(allowed, When("destination.port", "values: [\"9080\"]").Allows(Request(port: port)));
        Assert.Equal(!allowed, When("destination.port", "notValues: [\"9080\"]").Allows(Request(port: port)));
    }

    [Theory]
    [InlineData("reviews.default.svc.cluster.local", true)]
    [InlineData("ratings.default.svc.cluster.local", false)]
    [InlineData(null, false)]
    public void ConnectionSni(string? sni, bool allowed) =>
        Assert.Equal(allowed, When("connection.sni", "values: [\"reviews.*\"]").Allows(Request(sni: sni)));

    [Fact]
    public void ValuesAndNotValues_BothApply()
    {
        var engine = When("request.headers[user]", "values: [\"team-*\"]\n    notValues: [team-guest]");

        Assert.True(engine.Allows(Request(headers: Header("user", "team-a"))));
        Assert.False(engine.Allows(Request(headers: Header("user", "team-guest"))));
    }

    [Fact]
    public void Conditions_OfOneRule_AreAllRequired()
    {
        var engine = Compile(Workload("reviews"), AuthzPolicy("rules:\n- when:\n  - key: request.headers[a]\n    values: [\"1\"]\n  - key: source.ip\n    values: [\"10.0.0.0/8\"]"));

        Assert.True(engine.Allows(Request(headers: Header("a", "1"), ip: "10.0.0.1")));
        Assert.False(engine.Allows(Request(headers: Header("a", "1"), ip: "11.0.0.1")));
        Assert.False(engine.Allows(Request(ip: "10.0.0.1")));
    }
}

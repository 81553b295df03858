using Mesh.Testing;
using static Mesh.Client.Tests.Security.Authorization.Authz;

namespace Mesh.Client.Tests.Security.Authorization;

/// <summary>SMI TrafficTarget + HTTPRouteGroup/TCPRoute compiled to authorization rules, with SMI's and OSM's own files.</summary>
public class TrafficTargetTests
{
    private static string Sample(string path) => File.ReadAllText(Conformance.File(path));

    private static string Sa(string ns, string name) => $"cluster.local/ns/{ns}/sa/{name}";

    [Fact]
    public void SmiApiServiceExample_EachSourceGetsOnlyItsRoutes()
    {
        var engine = Compile(Workload("api", serviceAccount: "api-service"), Sample("smi-spec/extracted/apis/traffic-access/v1alpha3/example-03-L126-189.yaml"));

        Assert.True(engine.Allows(Request("GET", "/metrics", Sa("default", "prometheus"))));
        Assert.False(engine.Allows(Request("POST", "/metrics", Sa("default", "prometheus"))));
        Assert.False(engine.Allows(Request("GET", "/api", Sa("default", "prometheus"))));
        Assert.True(engine.Allows(Request("DELETE", "/api", Sa("default", "website-service"))));
        Assert.True(engine.Allows(Request("POST", "/api", Sa("default", "payments-service"))));
        Assert.False(engine.Allows(Request("GET", "/metrics", Sa("default", "website-service"))));
    }

    [Fact]
    public void TrafficTarget_ClosesTheWorkloadToEveryoneElse()
    {
        var engine = Compile(Workload("api", serviceAccount: "api-service"), Sample("smi-spec/extracted/apis/traffic-access/v1alpha3/example-03-L126-189.yaml"));

        Assert.False(engine.Allows(Request("GET", "/metrics", Sa("default", "stranger"))));
        Assert.False(engine.Allows(Request("GET", "/metrics", Sa("other", "prometheus"))));
        Assert.False(engine.Allows(Request("GET", "/metrics")), "a plaintext caller has no service account");
    }

    [Fact]
    public void PathRegex_MatchesTheWholePath()
    {
        var engine = Compile(Workload("api", serviceAccount: "api-service"), Sample("smi-spec/extracted/apis/traffic-access/v1alpha3/example-03-L126-189.yaml"));

        Assert.False(engine.Allows(Request("GET", "/metrics/extra", Sa("default", "prometheus"))));
        Assert.False(engine.Allows(Request("GET", "/v2/api", Sa("default", "website-service"))));
    }

    [Fact]
    public void TcpRouteRule_AllowsEveryRequestOnItsPorts_HttpRulesStillApplyElsewhere()
    {
        var engine = Compile(Workload("a", serviceAccount: "service-a"),
            Sample("smi-spec/extracted/apis/traffic-access/v1alpha3/example-01-L46-65.yaml"),
            Sample("smi-spec/extracted/apis/traffic-access/v1alpha3/example-02-L73-93.yaml"));
        var prometheus = Sa("default", "prometheus");

        Assert.True(engine.Allows(Request("POST", "/anything", prometheus, port: 8080)));
        Assert.True(engine.Allows(Request("GET", "/metrics", prometheus, port: 9090)));
        Assert.False(engine.Allows(Request("GET", "/other", prometheus, port: 9090)));
        Assert.False(engine.Allows(Request("POST", "/anything", Sa("default", "other"), port: 8080)));
    }

    [Fact]
    public void OsmBookstore_HeadersMustMatchTheirRegularExpressions()
    {
        var engine = Compile(Workload("bookstore", ns: "bookstore"), Sample("osm-docs/manifests/access/traffic-access-v1.yaml"));
        var buyer = Sa("bookbuyer", "bookbuyer");
        var headers = new Dictionary<string, string> { ["user-agent"] = "Go-http-client/1.1", ["client-app"] = "bookbuyer" };

        Assert.True(engine.Allows(Request("GET", "/books-bought", buyer, headers: headers)));
        Assert.False(engine.Allows(Request("GET", "/books-bought", buyer, headers: new() { ["user-agent"] = "Go-http-client/1.1" })));
        Assert.False(engine.Allows(Request("GET", "/books-bought", buyer, headers: new() { ["user-agent"] = "curl/8", ["client-app"] = "bookbuyer" })));
        Assert.True(engine.Allows(Request("GET", "/buy-a-book/new", buyer)));
        Assert.False(engine.Allows(Request("POST", "/buy-a-book/new", buyer)));
    }

    [Fact]
    public void OsmBookstore_BookthiefIsRefusedUntilTheTargetListsIt()
    {
        var before = Compile(Workload("bookstore", ns: "bookstore"), Sample("osm-docs/manifests/access/traffic-access-v1.yaml"));
        var after = Compile(Workload("bookstore", ns: "bookstore"), Sample("osm-docs/manifests/access/traffic-access-v1-allow-bookthief.yaml"));
        var thief = Sa("bookthief", "bookthief");

        Assert.False(before.Allows(Request("GET", "/buy-a-book/new", thief)));
        Assert.True(after.Allows(Request("GET", "/buy-a-book/new", thief)));
    }

    [Fact]
    public void OsmBookwarehouse_RouteGroupWithMethodsOnly()
    {
        var engine = Compile(Workload("bookwarehouse", ns: "bookwarehouse"), Sample("osm-docs/manifests/access/traffic-access-v1.yaml"));

        Assert.True(engine.Allows(Request("POST", "/restock", Sa("bookstore", "bookstore"))));
        Assert.False(engine.Allows(Request("GET", "/restock", Sa("bookstore", "bookstore"))));
    }

    [Fact]
    public void TrafficTarget_ForAnotherServiceAccountOrNamespace_DoesNotApply()
    {
        var file = Sample("osm-docs/manifests/access/traffic-access-v1.yaml");

        Assert.True(Compile(Workload("bookbuyer", ns: "bookbuyer"), file).IsEmpty);
        Assert.True(Compile(Workload("bookstore", ns: "default"), file).IsEmpty);
    }

    [Fact]
    public void TrafficTarget_NamingAMissingRouteGroup_AllowsNothing()
    {
        var engine = Compile(Workload("reviews"), """
            apiVersion: access.smi-spec.io/v1alpha3
            kind: TrafficTarget
            metadata: {name: t, namespace: default}
            spec:
              destination: {kind: ServiceAccount, name: reviews}
              sources: [{kind: ServiceAccount, name: productpage}]
              rules: [{kind: HTTPRouteGroup, name: nowhere}]
            """);

        Assert.False(engine.IsEmpty);
        Assert.False(engine.Allows(Request(principal: Sa("default", "productpage"))));
    }

    [Fact]
    public void TrafficTarget_DestinationPort_LimitsTheRuleToThatPort()
    {
        var engine = Compile(Workload("reviews"), """
            apiVersion: access.smi-spec.io/v1alpha3
            kind: TrafficTarget
            metadata: {name: t, namespace: default}
            spec:
              destination: {kind: ServiceAccount, name: reviews, port: 9080}
              sources: [{kind: ServiceAccount, name: productpage}]
              rules: [{kind: HTTPRouteGroup, name: all}]
            ---
            apiVersion: specs.smi-spec.io/v1alpha4
            kind: HTTPRouteGroup
            metadata: {name: all, namespace: default}
            spec:
              matches: [{name: everything, pathRegex: ".*", methods: ["*"]}]
            """);

        Assert.True(engine.Allows(Request("PUT", "/x", Sa("default", "productpage"), port: 9080)));
        Assert.False(engine.Allows(Request("PUT", "/x", Sa("default", "productpage"), port: 9081)));
    }

    [Fact]
    public void TrafficTarget_UsesTheConfiguredTrustDomain()
    {
        var workload = Workload("bookstore", ns: "bookstore") with { TrustDomain = "example.org" };
        var engine = new Mesh.Client.Security.Authorization.AuthorizationCompiler(workload).Compile([.. Parse(Sample("osm-docs/manifests/access/traffic-access-v1.yaml"))], 1);

        Assert.True(engine.Allows(Request("GET", "/buy-a-book/new", "example.org/ns/bookbuyer/sa/bookbuyer")));
        Assert.False(engine.Allows(Request("GET", "/buy-a-book/new", Sa("bookbuyer", "bookbuyer"))));
    }

    [Fact]
    public void TrafficTarget_AndADenyPolicy_DenyWins()
    {
        var engine = Compile(Workload("bookstore", ns: "bookstore"),
            Sample("osm-docs/manifests/access/traffic-access-v1.yaml"),
            AuthzPolicy("action: DENY\nrules:\n- to:\n  - operation: {paths: [\"*new\"]}", ns: "bookstore"));

        Assert.False(engine.Allows(Request("GET", "/buy-a-book/new", Sa("bookbuyer", "bookbuyer"))));
    }

    [Fact]
    public void TrafficTargetV1alpha2_WithSpecsV1alpha3RouteGroup_CompilesTheSame()
    {
        var engine = Compile(Workload("api", serviceAccount: "api-service"), """
            apiVersion: access.smi-spec.io/v1alpha2
            kind: TrafficTarget
            metadata: {name: t, namespace: default}
            spec:
              destination: {kind: ServiceAccount, name: api-service, namespace: default, port: 8080}
              rules: [{kind: HTTPRouteGroup, name: the-routes, matches: [iphone-users]}]
              sources: [{kind: ServiceAccount, name: prometheus, namespace: default}]
            ---
            apiVersion: specs.smi-spec.io/v1alpha3
            kind: HTTPRouteGroup
            metadata: {name: the-routes, namespace: default}
            spec:
              matches:
              - name: iphone-users
                pathRegex: "/api/.*"
                methods: [GET, HEAD]
                headers:
                  user-agent: ".*iPhone.*"
            """);
        var prometheus = Sa("default", "prometheus");
        var iphone = new Dictionary<string, string> { ["user-agent"] = "Mozilla/5.0 (iPhone)" };

        Assert.True(engine.Allows(Request("HEAD", "/api/v1", prometheus, port: 8080, headers: iphone)));
        Assert.False(engine.Allows(Request("HEAD", "/api/v1", prometheus, port: 8080, headers: new() { ["user-agent"] = "curl" })));
        Assert.False(engine.Allows(Request("HEAD", "/api/v1", prometheus, port: 9090, headers: iphone)));
    }
}

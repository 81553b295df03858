using Mesh.Policy.Resources.Smi;
using static Mesh.Policy.Tests.PolicyAssert;

namespace Mesh.Policy.Tests;

public class SmiTests
{
    private static string Split(string spec) => TestYaml.Resource("split.smi-spec.io/v1alpha4", "TrafficSplit", spec, name: "split");

    private static string RouteGroup(string spec) => TestYaml.Resource("specs.smi-spec.io/v1alpha4", "HTTPRouteGroup", spec, name: "routes");

    private static string Target(string spec) => TestYaml.Resource("access.smi-spec.io/v1alpha3", "TrafficTarget", spec, name: "target");

    [Fact]
    public void Parse_TrafficSplit_BindsRootBackendsAndMatches()
    {
        var split = ParseSingle<TrafficSplit>(Split("""
            service: website
            matches:
            - kind: HTTPRouteGroup
              name: ab-test
            backends:
            - service: website-v1
              weight: 1000
            - service: website-v2
              weight: 500
            """));

        Assert.Equal("website", split.Spec.Service);
        Assert.Equal([("website-v1", 1000), ("website-v2", 500)], split.Spec.Backends!.Select(b => (b.Service!, b.Weight)));
        Assert.Equal("ab-test", Assert.Single(split.Spec.Matches!).Name);
    }

    [Theory]
    [InlineData("foobar", "foobar")]
    [InlineData("bookstore.bookstore", "bookstore")]
    [InlineData("bookstore", "bookstore.bookstore")]
    public void Parse_SelfReferentialSplit_Reported(string root, string backend)
    {
        Refused(Split($"service: {root}\nbackends:\n- service: {root}-v1\n  weight: 100\n- service: {backend}\n  weight: 900"), "spec.backends[1].service", "SMI forbids self-referential splits");
    }

    [Fact]
    public void Parse_BackendInOtherNamespaceWithSameShortName_NotSelfReferential()
    {
        ParseSingle<TrafficSplit>(Split("service: bookstore.bookstore\nbackends:\n- service: bookstore.canary\n  weight: 100"));
    }

    [Fact]
    public void Parse_AllWeightsZero_Reported()
    {
        Refused(Split("service: website\nbackends:\n- service: website-v1\n  weight: 0\n- service: website-v2\n  weight: 0"), "spec.backends", "at least one backend needs a weight above zero");
    }

    [Fact]
    public void Parse_NegativeBackendWeight_Reported()
    {
        Refused(Split("service: website\nbackends:\n- service: website-v1\n  weight: -1\n- service: website-v2\n  weight: 100"), "spec.backends[0].weight", "-1 must be zero or more");
    }

    [Fact]
    public void Parse_SplitWithoutBackends_Reported()
    {
        Refused(Split("service: website"), "spec.backends", "required field is missing");
    }

    [Fact]
    public void Parse_SplitMatchOfOtherKind_Reported()
    {
        Refused(Split("service: website\nmatches:\n- kind: TCPRoute\n  name: db\nbackends:\n- service: website-v1\n  weight: 1"), "spec.matches[0].kind", "\"TCPRoute\": only HTTPRouteGroup matches are supported");
    }

    [Fact]
    public void Parse_RouteGroupHeadersAsMap_Binds()
    {
        var group = ParseSingle<HttpRouteGroup>(RouteGroup("""
            matches:
            - name: android-insiders
              headers:
                user-agent: ".*Android.*"
                cookie: "^(.*?;)?(type=insider)(;.*)?$"
            """));

        var headers = group.Spec.Matches![0].Headers!;
        Assert.Equal(".*Android.*", headers["user-agent"]);
        Assert.Equal("^(.*?;)?(type=insider)(;.*)?$", headers["cookie"]);
    }

    [Fact]
    public void Parse_RouteGroupHeadersAsListOfOneKeyMaps_BindsLikeTheMap()
    {
        var group = ParseSingle<HttpRouteGroup>(RouteGroup("""
            matches:
            - name: books-bought
              pathRegex: /books-bought
              methods: [GET]
              headers:
              - "user-agent": ".*-http-client/*.*"
              - "client-app": "bookbuyer"
            """));

        var headers = group.Spec.Matches![0].Headers!;
        Assert.Equal(2, headers.Count);
        Assert.Equal(".*-http-client/*.*", headers["user-agent"]);
        Assert.Equal("bookbuyer", headers["client-app"]);
    }

    [Fact]
    public void Parse_RouteGroupHeaderListItemWithTwoKeys_Reported()
    {
        Refused(RouteGroup("matches:\n- name: m\n  headers:\n  - {user-agent: x, cookie: y}"), "spec.matches[0].headers[0]", "each list item must be a map with exactly one key");
    }

    [Fact]
    public void Parse_RouteGroupSameHeaderTwiceInList_Reported()
    {
        Refused(RouteGroup("matches:\n- name: m\n  headers:\n  - user-agent: x\n  - user-agent: y"), "spec.matches[0].headers.user-agent", "key appears more than once");
    }

    [Fact]
    public void Parse_RouteGroupInvalidPathRegex_Reported()
    {
        Refused(RouteGroup("matches:\n- name: metrics\n  pathRegex: \"/metrics(\""), "spec.matches[0].pathRegex", "invalid regular expression \"/metrics(\"");
    }

    [Fact]
    public void Parse_RouteGroupInvalidHeaderRegexInListForm_Reported()
    {
        Refused(RouteGroup("matches:\n- name: m\n  headers:\n  - user-agent: \"*iPhone*\""), "spec.matches[0].headers.user-agent", "invalid regular expression \"*iPhone*\"");
    }

    [Fact]
    public void Parse_RouteGroupUnknownMethod_Reported()
    {
        Refused(RouteGroup("matches:\n- name: m\n  methods: [GET, FETCH]"), "spec.matches[0].methods[1]", "\"FETCH\" is not an HTTP method (or \"*\")");
    }

    [Fact]
    public void Parse_RouteGroupDuplicateMatchName_Reported()
    {
        Refused(RouteGroup("matches:\n- name: m\n  methods: [GET]\n- name: m\n  methods: [POST]"), "spec.matches[1].name", "match \"m\" is defined more than once");
    }

    [Fact]
    public void Parse_RouteGroupMatchWithoutName_Reported()
    {
        Refused(RouteGroup("matches:\n- pathRegex: /metrics"), "spec.matches[0].name", "required field is missing");
    }

    [Fact]
    public void Parse_RouteGroupMatchesAtTopLevel_SaysTheyBelongUnderSpec()
    {
        Refused("kind: HTTPRouteGroup\nmetadata:\n  name: ab-test\nmatches:\n- name: firefox-users\n  headers:\n    user-agent: \".*Firefox.*\"\n", "matches", "\"matches\" belongs under spec (spec.matches)");
    }

    [Fact]
    public void Parse_TrafficTarget_BindsDestinationSourcesAndRules()
    {
        var target = ParseSingle<TrafficTarget>(Target("""
            destination:
              kind: ServiceAccount
              name: bookstore
              namespace: bookstore
            rules:
            - kind: HTTPRouteGroup
              name: bookstore-service-routes
              matches: [buy-a-book, books-bought]
            sources:
            - kind: ServiceAccount
              name: bookbuyer
              namespace: bookbuyer
            """));

        Assert.Equal("bookstore", target.Spec.Destination!.Name);
        Assert.Equal(["buy-a-book", "books-bought"], target.Spec.Rules![0].Matches!);
        Assert.Equal("bookbuyer", Assert.Single(target.Spec.Sources!).Namespace);
    }

    [Fact]
    public void Parse_TrafficTargetIdentityNotServiceAccount_Reported()
    {
        Refused(Target("destination: {kind: User, name: alice}"), "spec.destination.kind", "\"User\": identities are ServiceAccounts");
    }

    [Fact]
    public void Parse_TrafficTargetUdpRouteRule_NotSupported()
    {
        Refused(Target("destination: {kind: ServiceAccount, name: server}\nrules:\n- kind: UDPRoute\n  name: udp-ports"), "spec.rules[0].kind", "UDPRoute is not supported by Mesh");
    }

    [Fact]
    public void Parse_TrafficTargetTcpRouteRuleWithMatches_Reported()
    {
        Refused(Target("destination: {kind: ServiceAccount, name: server}\nrules:\n- kind: TCPRoute\n  name: tcp\n  matches: [x]"), "spec.rules[0].matches", "a TCPRoute rule has no named matches");
    }

    [Fact]
    public void Parse_TrafficTargetWithoutDestination_Reported()
    {
        Refused(Target("rules:\n- kind: HTTPRouteGroup\n  name: routes"), "spec.destination", "required field is missing");
    }

    [Fact]
    public void Parse_TcpRoutePorts_BoundAndChecked()
    {
        var route = ParseSingle<TcpRoute>(TestYaml.Resource("specs.smi-spec.io/v1alpha4", "TCPRoute", "matches:\n  ports: [3306, 6446]"));
        Assert.Equal([3306, 6446], route.Spec.Matches!.Ports!);

        Refused(TestYaml.Resource("specs.smi-spec.io/v1alpha4", "TCPRoute", "matches:\n  ports: [3306, 70000]"), "spec.matches.ports[1]", "70000 is not a port number");
    }

    [Fact]
    public void Parse_SmiSnippetWithoutApiVersion_WarnsAndAssumesNewest()
    {
        var result = Parse("kind: TrafficSplit\nmetadata:\n  name: canary\nspec:\n  service: website\n  backends:\n  - service: website-v1\n    weight: 90\n  - service: website-v2\n    weight: 10\n");

        NoErrors(result);
        Warning(result.Diagnostics, "apiVersion", "missing; assuming split.smi-spec.io/v1alpha4");
    }

    [Theory]
    [InlineData("split.smi-spec.io/v1alpha2")]
    [InlineData("split.smi-spec.io/v1alpha3")]
    public void Parse_OlderTrafficSplitVersion_Accepted(string apiVersion)
    {
        var split = ParseSingle<TrafficSplit>(TestYaml.Resource(apiVersion, "TrafficSplit", "service: website\nbackends:\n- service: website-v1\n  weight: 1"));

        Assert.Equal(apiVersion, split.ApiVersion);
    }
}

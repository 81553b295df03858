using Mesh.Policy.Resources;
using Mesh.Policy.Validation;
using Mesh.Testing;
using static Mesh.Policy.Tests.PolicyAssert;

namespace Mesh.Policy.Tests;

public class AnalyzerTests
{
    private const string ReviewsRule = """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: reviews
        spec:
          host: reviews
          subsets:
          - name: v1
            labels: {version: v1}
          - name: v2
            labels: {version: v2}
        """;

    private static IReadOnlyList<MeshResource> Resources(params string[] documents)
    {
        var result = Parse(string.Join("\n---\n", documents));
        NoErrors(result);
        return result.Resources;
    }

    private static string Split(string subsetTwo, string ns = "default", string host = "reviews") => TestYaml.VirtualService($$"""
        - route:
          - destination: {host: {{host}}, subset: v1}
            weight: 50
          - destination: {host: {{host}}, subset: {{subsetTwo}}}
            weight: 50
        """).Replace("  name: reviews", "  name: reviews\n  namespace: " + ns, StringComparison.Ordinal);

    [Fact]
    public void Analyze_RouteToSubsetTheRuleDoesNotDefine_Warns()
    {
        var warnings = PolicyAnalyzer.Analyze(Resources(ReviewsRule, Split("v3")));

        var warning = Warning(warnings, "spec.http[0].route[1].destination.subset", "subset \"v3\" is not defined by the DestinationRule for reviews.default.svc.cluster.local (it defines v1, v2)");
        Assert.Single(warnings);
        Assert.Equal(("VirtualService", "default", "reviews"), (warning.Kind, warning.Namespace, warning.Name));
    }

    [Fact]
    public void Analyze_RouteToSubsetWithoutAnyRule_Warns()
    {
        var warnings = PolicyAnalyzer.Analyze(Resources(Split("v2")));

        Warning(warnings, "spec.http[0].route[0].destination.subset", "no DestinationRule defines subsets for reviews.default.svc.cluster.local");
        Warning(warnings, "spec.http[0].route[1].destination.subset", "subset \"v2\" of host reviews");
        Assert.Equal(2, warnings.Count);
    }

    [Fact]
    public void Analyze_RouteToDefinedSubsets_NoWarnings()
    {
        Assert.Empty(PolicyAnalyzer.Analyze(Resources(ReviewsRule, Split("v2"))));
    }

    [Fact]
    public void Analyze_HostWrittenInLongForm_MatchesRuleWithShortHost()
    {
        Assert.Empty(PolicyAnalyzer.Analyze(Resources(ReviewsRule, Split("v2", host: "reviews.default.svc.cluster.local"))));
    }

    [Fact]
    public void Analyze_ShortHostResolvesInTheVirtualServiceNamespace()
    {
        var warnings = PolicyAnalyzer.Analyze(Resources(ReviewsRule, Split("v2", ns: "bookinfo")));

        Warning(warnings, "spec.http[0].route[0].destination.subset", "no DestinationRule defines subsets for reviews.bookinfo.svc.cluster.local");
    }

    [Fact]
    public void Analyze_MirrorToUndefinedSubset_Warns()
    {
        var mirror = TestYaml.VirtualService(TestYaml.SimpleRoute + "\n  mirror: {host: reviews, subset: shadow}");

        var warnings = PolicyAnalyzer.Analyze(Resources(ReviewsRule, mirror));

        Warning(warnings, "spec.http[0].mirror.subset", "subset \"shadow\" is not defined");
    }

    [Fact]
    public void Analyze_TwoVirtualServicesForOneHost_Warns()
    {
        var other = TestYaml.VirtualService(TestYaml.SimpleRoute, name: "reviews-canary", host: "reviews.default.svc.cluster.local");

        var warnings = PolicyAnalyzer.Analyze(Resources(TestYaml.VirtualService(TestYaml.SimpleRoute), other));

        var warning = Warning(warnings, "spec.hosts", "VirtualService default/reviews also routes host reviews.default.svc.cluster.local; only one VirtualService per host takes effect");
        Assert.Equal("reviews-canary", warning.Name);
        Assert.Single(warnings);
    }

    [Fact]
    public void Analyze_OneVirtualServiceNamingItsHostTwice_DoesNotWarnAboutItself()
    {
        var vs = TestYaml.Resource("networking.istio.io/v1", "VirtualService", """
            hosts: [reviews, reviews.default.svc.cluster.local]
            http:
            - route:
              - destination: {host: reviews}
            """, name: "reviews");

        Assert.Empty(PolicyAnalyzer.Analyze(Resources(vs)));
    }

    [Fact]
    public void Analyze_TwoDestinationRulesForOneHost_Warns()
    {
        var other = ReviewsRule.Replace("name: reviews", "name: reviews-lb", StringComparison.Ordinal);

        var warnings = PolicyAnalyzer.Analyze(Resources(ReviewsRule, other));

        Warning(warnings, "spec.host", "DestinationRule default/reviews also configures host reviews.default.svc.cluster.local");
    }

    [Fact]
    public void Analyze_TrafficTargetNamingMissingMatch_Warns()
    {
        var warnings = PolicyAnalyzer.Analyze(Resources(
            TestYaml.Resource("specs.smi-spec.io/v1alpha4", "HTTPRouteGroup", "matches:\n- name: metrics\n  pathRegex: /metrics\n  methods: [GET]", name: "the-routes"),
            TestYaml.Resource("access.smi-spec.io/v1alpha3", "TrafficTarget", """
                destination: {kind: ServiceAccount, name: service-a}
                sources: [{kind: ServiceAccount, name: prometheus}]
                rules:
                - kind: HTTPRouteGroup
                  name: the-routes
                  matches: [metrics, health]
                """, name: "path-specific")));

        var warning = Warning(warnings, "spec.rules[0].matches", "HTTPRouteGroup default/the-routes has no match named \"health\"");
        Assert.Equal(("TrafficTarget", "path-specific"), (warning.Kind, warning.Name));
        Assert.Single(warnings);
    }

    [Fact]
    public void Analyze_TrafficTargetNamingMissingRouteGroup_Warns()
    {
        var warnings = PolicyAnalyzer.Analyze(Resources(
            TestYaml.Resource("access.smi-spec.io/v1alpha3", "TrafficTarget", "destination: {kind: ServiceAccount, name: a}\nrules:\n- kind: HTTPRouteGroup\n  name: nowhere", name: "t")));

        Warning(warnings, "spec.rules[0]", "HTTPRouteGroup default/nowhere does not exist");
    }

    [Fact]
    public void Analyze_TrafficSplitMatchingMissingRouteGroup_Warns()
    {
        var warnings = PolicyAnalyzer.Analyze(Resources(
            TestYaml.Resource("split.smi-spec.io/v1alpha4", "TrafficSplit", "service: website\nmatches:\n- kind: HTTPRouteGroup\n  name: ab-test\nbackends:\n- service: website-v2\n  weight: 100", name: "ab-test")));

        Warning(warnings, "spec.matches[0]", "HTTPRouteGroup default/ab-test does not exist");
    }

    [Fact]
    public void Analyze_BookinfoRoutesWithTheirRules_NoWarnings()
    {
        var resources = Resources(
            File.ReadAllText(Conformance.File("istio/samples/bookinfo/networking/destination-rule-all.yaml")),
            File.ReadAllText(Conformance.File("istio/samples/bookinfo/networking/virtual-service-all-v1.yaml")));

        Assert.Equal(8, resources.Count);
        Assert.Empty(PolicyAnalyzer.Analyze(resources));
    }

    [Fact]
    public void Analyze_BookinfoRoutesWithoutRules_WarnsForEachSubset()
    {
        var resources = Resources(File.ReadAllText(Conformance.File("istio/samples/bookinfo/networking/virtual-service-all-v1.yaml")));

        var warnings = PolicyAnalyzer.Analyze(resources);

        Assert.Equal(["details", "productpage", "ratings", "reviews"], warnings.Select(w => w.Name!).Order(StringComparer.Ordinal));
        Assert.All(warnings, w => Assert.Equal(DiagnosticSeverity.Warning, w.Severity));
    }

    [Fact]
    public void Analyze_OsmTrafficAccess_NoWarnings()
    {
        var resources = Resources(File.ReadAllText(Conformance.File("osm-docs/manifests/access/traffic-access-v1.yaml")));

        Assert.Empty(PolicyAnalyzer.Analyze(resources));
    }
}

using Mesh.Policy.Parsing;
using Mesh.Policy.Resources.Networking;
using Mesh.Policy.Resources.Security;
using Mesh.Policy.Resources.Smi;
using static Mesh.Policy.Tests.ConformanceSamples;
using static Mesh.Policy.Tests.PolicyAssert;

namespace Mesh.Policy.Tests;

/// <summary>The behaviour single conformance samples ask for (the "behaviour asked for" column of INDEX.md).</summary>
public class ConformanceSampleTests
{
    [Fact]
    public void Parse_DestinationRuleAll_FourRulesWithReviewsSubsets()
    {
        var result = ParseSample(Bookinfo + "destination-rule-all.yaml");

        Clean(result);
        var rules = result.Resources.Cast<DestinationRule>().ToList();
        Assert.Equal(["productpage", "reviews", "ratings", "details"], rules.Select(r => r.Spec.Host!));
        var reviews = rules.Single(r => r.Spec.Host == "reviews");
        Assert.Equal(["v1", "v2", "v3"], reviews.Spec.Subsets!.Select(s => s.Name!));
        Assert.All(reviews.Spec.Subsets!, s => Assert.Equal(s.Name, s.Labels!["version"]));
        Assert.Equal(["v1", "v2", "v2-mysql", "v2-mysql-vm"], rules.Single(r => r.Spec.Host == "ratings").Spec.Subsets!.Select(s => s.Name!));
    }

    [Fact]
    public void Parse_DestinationRuleAllMtls_EveryRuleUsesIstioMutual()
    {
        var result = ParseSample(Bookinfo + "destination-rule-all-mtls.yaml");

        Clean(result);
        Assert.Equal(4, result.Resources.Count);
        Assert.All(result.Resources.Cast<DestinationRule>(), r => Assert.Equal(TlsMode.IstioMutual, r.Spec.TrafficPolicy!.Tls!.Mode));
    }

    [Fact]
    public void Parse_DestinationRuleReviews_UsesRandomLoadBalancer()
    {
        var rule = Assert.IsType<DestinationRule>(Assert.Single(ParseSample(Bookinfo + "destination-rule-reviews.yaml").Resources));

        Assert.Equal(SimpleLoadBalancer.Random, rule.Spec.TrafficPolicy!.LoadBalancer!.Simple);
    }

    [Theory]
    [InlineData("virtual-service-reviews-90-10.yaml", "v1:90", "v2:10")]
    [InlineData("virtual-service-reviews-80-20.yaml", "v1:80", "v2:20")]
    [InlineData("virtual-service-reviews-50-v3.yaml", "v1:50", "v3:50")]
    [InlineData("virtual-service-reviews-v2-v3.yaml", "v2:50", "v3:50")]
    public void Parse_ReviewsWeightedSplit_HasTheDocumentedWeights(string file, string first, string second)
    {
        var vs = Assert.IsType<VirtualService>(Assert.Single(ParseSample(Bookinfo + file).Resources));

        var route = Assert.Single(vs.Spec.Http!).Route!;
        Assert.Equal([first, second], route.Select(d => $"{d.Destination!.Subset}:{d.Weight}"));
        Assert.All(route, d => Assert.Equal("reviews", d.Destination!.Host));
    }

    [Fact]
    public void Parse_ReviewsJasonV2V3_MatchesEndUserThenFallsBack()
    {
        var vs = Assert.IsType<VirtualService>(Assert.Single(ParseSample(Bookinfo + "virtual-service-reviews-jason-v2-v3.yaml").Resources));

        Assert.Equal(2, vs.Spec.Http!.Count);
        Assert.Equal("jason", vs.Spec.Http[0].Match![0].Headers!["end-user"].Exact);
        Assert.Equal("v2", vs.Spec.Http[0].Route![0].Destination!.Subset);
        Assert.Null(vs.Spec.Http[1].Match);
        Assert.Equal("v3", vs.Spec.Http[1].Route![0].Destination!.Subset);
    }

    [Fact]
    public void Parse_RatingsTestDelay_InjectsSevenSecondsForJason()
    {
        var vs = Assert.IsType<VirtualService>(Assert.Single(ParseSample(Bookinfo + "virtual-service-ratings-test-delay.yaml").Resources));

        var delay = vs.Spec.Http![0].Fault!.Delay!;
        Assert.Equal(TimeSpan.FromSeconds(7), delay.FixedDelay!.Value.Value);
        Assert.Equal(100, delay.Percentage!.Value);
    }

    [Fact]
    public void Parse_FaultInjectionDetailsWithoutTrailingNewline_AbortsWith555()
    {
        var result = ParseSample(Bookinfo + "fault-injection-details-v1.yaml");

        Clean(result);
        var vs = Assert.IsType<VirtualService>(result.Resources[0]);
        Assert.Equal(555, vs.Spec.Http![0].Fault!.Abort!.HttpStatus);
        Assert.IsType<DestinationRule>(result.Resources[1]);
    }

    [Fact]
    public void Parse_BookinfoGateway_VirtualServiceRefusedForItsGateway()
    {
        var result = ParseSample(Bookinfo + "bookinfo-gateway.yaml");

        var error = Error(result, "spec.gateways[0]", "gateway \"bookinfo-gateway\" is not supported: Mesh has no gateways");
        Assert.Equal(("VirtualService", "bookinfo"), (error.Kind, error.Name));
        Assert.Empty(result.Resources);
    }

    [Fact]
    public void Parse_EgressRuleGoogleApis_ParsesFullyWithPortLevelSettings()
    {
        var result = ParseSample(Bookinfo + "egress-rule-google-apis.yaml");

        Clean(result);
        var entry = Assert.IsType<ServiceEntry>(result.Resources[0]);
        var vs = Assert.IsType<VirtualService>(result.Resources[1]);
        var dr = Assert.IsType<DestinationRule>(result.Resources[2]);
        Assert.Equal([80, 443], entry.Spec.Ports!.Select(p => p.Number));
        Assert.Equal(ServiceEntryResolution.Dns, entry.Spec.Resolution);
        Assert.Equal(80, vs.Spec.Http![0].Match![0].Port);
        Assert.Equal(443, vs.Spec.Http[0].Route![0].Destination!.Port!.Number);
        Assert.Equal(SimpleLoadBalancer.RoundRobin, dr.Spec.TrafficPolicy!.LoadBalancer!.Simple);
        var port = Assert.Single(dr.Spec.TrafficPolicy.PortLevelSettings!);
        Assert.Equal(443, port.Port!.Number);
        Assert.Equal(TlsMode.Simple, port.Tls!.Mode);
    }

    [Fact]
    public void Parse_CircuitBreaker_BindsLimitsAndOutlierDetection()
    {
        var dr = Assert.IsType<DestinationRule>(Assert.Single(ParseSample("istio.io/extracted/traffic-management/circuit-breaking/snip_configuring_the_circuit_breaker_1.yaml").Resources));

        var policy = dr.Spec.TrafficPolicy!;
        Assert.Equal(1, policy.ConnectionPool!.Tcp!.MaxConnections);
        Assert.Equal(1, policy.ConnectionPool.Http!.Http1MaxPendingRequests);
        Assert.Equal(1, policy.ConnectionPool.Http.MaxRequestsPerConnection);
        Assert.Equal(1, policy.OutlierDetection!.Consecutive5xxErrors);
        Assert.Equal(TimeSpan.FromSeconds(1), policy.OutlierDetection.Interval!.Value.Value);
        Assert.Equal(TimeSpan.FromMinutes(3), policy.OutlierDetection.BaseEjectionTime!.Value.Value);
        Assert.Equal(100, policy.OutlierDetection.MaxEjectionPercent);
    }

    [Fact]
    public void Parse_Mirroring_MirrorsAllTrafficToV2()
    {
        var vs = Assert.IsType<VirtualService>(Assert.Single(ParseSample("istio.io/extracted/traffic-management/mirroring/snip_mirroring_traffic_to_httpbinv2_1.yaml").Resources));

        var route = vs.Spec.Http![0];
        Assert.Equal("v1", route.Route![0].Destination!.Subset);
        Assert.Equal("v2", route.Mirror!.Subset);
        Assert.Equal(100, route.MirrorPercentage!.Value);
    }

    [Fact]
    public void Parse_RequestTimeoutHalfSecond_BindsFiveHundredMilliseconds()
    {
        var vs = Assert.IsType<VirtualService>(Assert.Single(ParseSample("istio.io/extracted/traffic-management/request-timeouts/snip_request_timeouts_5.yaml").Resources));

        Assert.Equal(TimeSpan.FromMilliseconds(500), vs.Spec.Http![0].Timeout!.Value.Value);
    }

    [Fact]
    public void Parse_PeerAuthenticationPerWorkload_DisablesPort8080()
    {
        var pa = Assert.IsType<PeerAuthentication>(Assert.Single(ParseSample(AuthnPolicy + "snip_enable_mutual_tls_per_workload_4.yaml").Resources));

        Assert.Equal(("bar", "httpbin"), (pa.Metadata.Namespace, pa.Spec.Selector!.MatchLabels!["app"]));
        Assert.Equal(MutualTlsMode.Strict, pa.Spec.Mtls!.Mode);
        Assert.Equal(MutualTlsMode.Disable, pa.Spec.PortLevelMtls!["8080"].Mode);
    }

    [Fact]
    public void Parse_MtlsMigrationWithEnforcedNamespace_TakesNamespaceFromOptions()
    {
        var result = ParseSample("istio.io/extracted/security/authentication/mtls-migration/snip_lock_down_to_mutual_tls_by_namespace_1.yaml", new PolicyParseOptions { EnforcedNamespace = "foo" });

        Clean(result);
        var pa = Assert.IsType<PeerAuthentication>(Assert.Single(result.Resources));
        Assert.Equal(("foo", "default", MutualTlsMode.Strict), (pa.Metadata.Namespace, pa.Metadata.Name, pa.Spec.Mtls!.Mode));
    }

    [Fact]
    public void Parse_AllowNothing_EmptySpecHasNoRules()
    {
        var ap = Assert.IsType<AuthorizationPolicy>(Assert.Single(ParseSample("istio.io/extracted/security/authorization/authz-http/snip_configure_access_control_for_workloads_using_http_traffic_1.yaml").Resources));

        Assert.Null(ap.Spec.Rules);
        Assert.Null(ap.Spec.Selector);
    }

    [Fact]
    public void Parse_DetailsViewer_AllowsGetFromProductpagePrincipal()
    {
        var ap = Assert.IsType<AuthorizationPolicy>(Assert.Single(ParseSample("istio.io/extracted/security/authorization/authz-http/snip_configure_access_control_for_workloads_using_http_traffic_3.yaml").Resources));

        var rule = Assert.Single(ap.Spec.Rules!);
        Assert.Equal(AuthorizationAction.Allow, ap.Spec.Action);
        Assert.Equal("details", ap.Spec.Selector!.MatchLabels!["app"]);
        Assert.Equal(["cluster.local/ns/default/sa/bookinfo-productpage"], rule.From![0].Source!.Principals!);
        Assert.Equal(["GET"], rule.To![0].Operation!.Methods!);
    }

    [Fact]
    public void Parse_OsmTrafficAccess_ListFormHeadersBindTwoHeaders()
    {
        var result = ParseSample("osm-docs/manifests/access/traffic-access-v1.yaml");

        Clean(result);
        var group = result.Resources.OfType<HttpRouteGroup>().Single(g => g.Metadata.Name == "bookstore-service-routes");
        var booksBought = group.Spec.Matches!.Single(m => m.Name == "books-bought");
        Assert.Equal(2, booksBought.Headers!.Count);
        Assert.Equal(".*-http-client/*.*", booksBought.Headers["user-agent"]);
        Assert.Equal("bookbuyer", booksBought.Headers["client-app"]);
    }

    [Theory]
    [InlineData(SmiSplit + "v1alpha2/example-05-L269-279.yaml")]
    [InlineData(SmiSplit + "v1alpha4/example-06-L325-334.yaml")]
    public void Parse_SelfReferentialSplit_Refused(string file)
    {
        var result = ParseSample(file);

        var error = Error(result, "spec.backends[1].service", "a backend may not be the root service \"foobar\" itself");
        Assert.Equal("TrafficSplit", error.Kind);
        Assert.Empty(result.Resources);
    }

    [Fact]
    public void Parse_AbTestRouteGroupWithTopLevelMatches_Refused()
    {
        var result = ParseSample(SmiSplit + "v1alpha4/example-02-L67-87.yaml");

        var error = Error(result, "matches", "unknown top-level field; \"matches\" belongs under spec (spec.matches)");
        Assert.Equal(("HTTPRouteGroup", "ab-test", 2), (error.Kind, error.Name, error.Document));
    }

    [Theory]
    [InlineData(SmiSplit + "v1alpha2/example-03-L206-216.yaml", "foobar-v1:1000", "foobar-v2:500")]
    [InlineData(SmiSplit + "v1alpha2/example-06-L308-318.yaml", "web-next:100", "web-current:900")]
    [InlineData("osm-docs/manifests/split/traffic-split-v2.yaml", "bookstore-v1:0", "bookstore-v2:100")]
    public void Parse_SmiSplit_KeepsRelativeWeights(string file, string first, string second)
    {
        var split = Assert.IsType<TrafficSplit>(Assert.Single(ParseSample(file).Resources));

        Assert.Equal([first, second], split.Spec.Backends!.Select(b => $"{b.Service}:{b.Weight}"));
    }
}

using Mesh.Policy.Resources.Networking;
using static Mesh.Policy.Tests.PolicyAssert;

namespace Mesh.Policy.Tests;

public class VirtualServiceValidationTests
{
    private static string Route(string extra) => TestYaml.VirtualService(TestYaml.SimpleRoute + "\n" + TestYaml.Indent(extra));

    [Fact]
    public void Parse_FullRoute_BindsEveryField()
    {
        var vs = ParseSingle<VirtualService>(TestYaml.VirtualService("""
            - name: jason
              match:
              - uri:
                  prefix: /api/v1
                method:
                  exact: GET
                headers:
                  end-user:
                    exact: jason
                queryParams:
                  debug:
                    regex: "^(1|true)$"
                sourceLabels:
                  app: productpage
              route:
              - destination:
                  host: reviews
                  subset: v2
                  port:
                    number: 9080
                weight: 75
              - destination:
                  host: reviews
                  subset: v3
                weight: 25
              timeout: 10s
              retries:
                attempts: 3
                perTryTimeout: 2s
                retryOn: 5xx,connect-failure,503
              fault:
                abort:
                  httpStatus: 503
                  percentage:
                    value: 0.1
              mirror:
                host: reviews
                subset: v3
              mirrorPercentage:
                value: 12.5
              rewrite:
                uri: /v1
              headers:
                request:
                  set:
                    x-mesh: "1"
                response:
                  remove: [server]
            - route:
              - destination:
                  host: reviews
                  subset: v1
            """));

        var route = vs.Spec.Http![0];
        Assert.Equal("jason", route.Name);
        var match = Assert.Single(route.Match!);
        Assert.Equal("/api/v1", match.Uri!.Prefix);
        Assert.Equal("GET", match.Method!.Exact);
        Assert.Equal("jason", match.Headers!["end-user"].Exact);
        Assert.Equal("^(1|true)$", match.QueryParams!["debug"].Regex);
        Assert.Equal("productpage", match.SourceLabels!["app"]);
        Assert.Equal([("v2", 75), ("v3", 25)], route.Route!.Select(d => (d.Destination!.Subset!, d.Weight ?? 0)));
        Assert.Equal(9080, route.Route![0].Destination!.Port!.Number);
        Assert.Equal(TimeSpan.FromSeconds(10), route.Timeout!.Value.Value);
        Assert.Equal(3, route.Retries!.Attempts);
        Assert.Equal("5xx,connect-failure,503", route.Retries.RetryOn);
        Assert.Equal(503, route.Fault!.Abort!.HttpStatus);
        Assert.Equal(0.1, route.Fault.Abort.Percentage!.Value);
        Assert.Equal("v3", route.Mirror!.Subset);
        Assert.Equal(12.5, route.MirrorPercentage!.Value);
        Assert.Equal("/v1", route.Rewrite!.Uri);
        Assert.Equal("1", route.Headers!.Request!.Set!["x-mesh"]);
        Assert.Equal(["server"], route.Headers.Response!.Remove!);
        Assert.Null(vs.Spec.Http[1].Match);
    }

    [Fact]
    public void Parse_WeightsNotSummingTo100_ReportedOnTheRoute()
    {
        Refused(TestYaml.VirtualService("""
            - route:
              - destination: {host: reviews, subset: v1}
                weight: 80
              - destination: {host: reviews, subset: v2}
                weight: 30
            """), "spec.http[0].route", "the weights of a route must sum to 100, but they sum to 110");
    }

    [Fact]
    public void Parse_WeightsLeftOutWithSeveralDestinations_ReportedAsSumZero()
    {
        Refused(TestYaml.VirtualService("""
            - route:
              - destination: {host: reviews, subset: v1}
              - destination: {host: reviews, subset: v2}
            """), "spec.http[0].route", "they sum to 0");
    }

    [Theory]
    [InlineData(150, -50)]
    [InlineData(-10, 110)]
    public void Parse_WeightOutOfRange_ReportsTheWeight(int first, int second)
    {
        var result = Parse(TestYaml.VirtualService($$"""
            - route:
              - destination: {host: reviews, subset: v1}
                weight: {{first}}
              - destination: {host: reviews, subset: v2}
                weight: {{second}}
            """));

        var bad = first is < 0 or > 100 ? (Index: 0, Weight: first) : (Index: 1, Weight: second);
        Error(result, $"spec.http[0].route[{bad.Index}].weight", $"{bad.Weight} is outside 0-100");
    }

    [Theory]
    [InlineData(50)]
    [InlineData(0)]
    [InlineData(99)]
    public void Parse_SingleDestinationWeightNot100_Reported(int weight)
    {
        Refused(TestYaml.VirtualService($$"""
            - route:
              - destination: {host: reviews}
                weight: {{weight}}
            """), "spec.http[0].route[0].weight", $"a single destination receives all traffic: leave weight out or write 100, not {weight}");
    }

    [Fact]
    public void Parse_SingleDestinationWeight100_Accepted()
    {
        var vs = ParseSingle<VirtualService>(TestYaml.VirtualService("""
            - route:
              - destination: {host: reviews}
                weight: 100
            """));

        Assert.Equal(100, vs.Spec.Http![0].Route![0].Weight);
    }

    [Fact]
    public void Parse_CorsPolicy_ReportedAsNotSupported()
    {
        var error = Refused(Route("corsPolicy:\n  allowOrigins:\n  - exact: https://example.com"), "spec.http[0].corsPolicy", "not supported by Mesh");

        Assert.Contains("CORS", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("redirect: {uri: /v2}", "spec.http[0].redirect")]
    [InlineData("directResponse: {status: 503}", "spec.http[0].directResponse")]
    [InlineData("delegate: {name: reviews-routes}", "spec.http[0].delegate")]
    [InlineData("mirrorPercent: 50", "spec.http[0].mirrorPercent")]
    [InlineData("retries:\n  attempts: 2\n  retryRemoteLocalities: true", "spec.http[0].retries.retryRemoteLocalities")]
    public void Parse_FieldMeshDoesNotImplement_ReportedByPath(string extra, string path)
    {
        Refused(Route(extra), path, "not supported by Mesh");
    }

    [Theory]
    [InlineData("tcp")]
    [InlineData("tls")]
    public void Parse_NonHttpRoutes_NotSupported(string section)
    {
        var result = Parse(TestYaml.Resource("networking.istio.io/v1", "VirtualService", $$"""
            hosts: [mysql]
            {{section}}:
            - route:
              - destination: {host: mysql}
            """));

        Error(result, "spec." + section, "not supported by Mesh: Mesh routes HTTP traffic only");
        Error(result, "spec.http", "a VirtualService needs at least one HTTP route");
    }

    [Fact]
    public void Parse_FieldWithWrongCase_SuggestsTheRightName()
    {
        Refused(Route("Timeout: 5s"), "spec.http[0].Timeout", "unknown field (did you mean \"timeout\"? field names are case-sensitive)");
    }

    [Fact]
    public void Parse_MisspelledField_ListsKnownFields()
    {
        var error = Refused(Route("retires:\n  attempts: 3"), "spec.http[0].retires", "unknown field; known fields here: ");

        Assert.Contains("retries", error.Message, StringComparison.Ordinal);
        Assert.Contains("timeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_GatewayOtherThanMesh_Reported()
    {
        Refused(TestYaml.Resource("networking.istio.io/v1", "VirtualService", """
            hosts: ["*"]
            gateways: [bookinfo-gateway]
            http:
            - route:
              - destination: {host: productpage}
            """), "spec.gateways[0]", "gateway \"bookinfo-gateway\" is not supported: Mesh has no gateways");
    }

    [Fact]
    public void Parse_GatewayMesh_Accepted()
    {
        var vs = ParseSingle<VirtualService>(TestYaml.Resource("networking.istio.io/v1", "VirtualService", """
            hosts: [reviews]
            gateways: [mesh]
            http:
            - route:
              - destination: {host: reviews}
            """));

        Assert.Equal(["mesh"], vs.Spec.Gateways!);
    }

    [Fact]
    public void Parse_MissingHosts_Reported()
    {
        Refused(TestYaml.Resource("networking.istio.io/v1", "VirtualService", "http:\n- route:\n  - destination: {host: reviews}"), "spec.hosts", "required field is missing");
    }

    [Theory]
    [InlineData("http://reviews")]
    [InlineData("reviews:9080")]
    [InlineData("re*views")]
    public void Parse_BadHost_Reported(string host)
    {
        Refused(TestYaml.VirtualService(TestYaml.SimpleRoute, host: $"\"{host}\""), "spec.hosts[0]", host);
    }

    [Fact]
    public void Parse_WildcardDestinationHost_Reported()
    {
        Refused(TestYaml.VirtualService("- route:\n  - destination: {host: \"*.bookinfo\"}"), "spec.http[0].route[0].destination.host", "wildcards are not allowed here");
    }

    [Fact]
    public void Parse_RouteWithoutDestinations_Reported()
    {
        Refused(TestYaml.VirtualService("- match:\n  - uri: {prefix: /}"), "spec.http[0].route", "a route needs at least one destination");
    }

    [Fact]
    public void Parse_DestinationWithoutHost_Reported()
    {
        Refused(TestYaml.VirtualService("- route:\n  - destination: {subset: v1}"), "spec.http[0].route[0].destination.host", "required field is missing");
    }

    [Fact]
    public void Parse_RewriteUriWithoutSlash_Reported()
    {
        Refused(Route("rewrite: {uri: v1}"), "spec.http[0].rewrite.uri", "\"v1\" must start with '/'");
    }

    [Fact]
    public void Parse_ManyProblemsInOneVirtualService_ReportsEveryOne()
    {
        var result = Parse(TestYaml.VirtualService("""
            - match:
              - uri: {regex: "(["}
              route:
              - destination: {host: reviews, subset: v1}
                weight: 60
              - destination: {host: reviews, subset: v2}
                weight: 60
              timeout: 1x
              corsPolicy: {}
              fault:
                abort:
                  httpStatus: 500
                  percentage: {value: 200}
            - route:
              - destination: {host: reviews}
              retries: {attempts: 1, retryOn: whenever}
            """));

        Error(result, "spec.http[0].match[0].uri.regex", "invalid regular expression");
        Error(result, "spec.http[0].route", "sum to 120");
        Error(result, "spec.http[0].timeout", "unknown unit \"x\"");
        Error(result, "spec.http[0].corsPolicy", "not supported");
        Error(result, "spec.http[0].fault.abort.percentage.value", "200 is outside 0-100");
        Error(result, "spec.http[1].retries.retryOn", "unknown retry condition \"whenever\"");
        Assert.Equal(6, result.Errors.Count());
    }
}

using static Mesh.Client.Tests.Routing.TestPolicies;

namespace Mesh.Client.Tests.Routing;

public class TrafficSplitRoutesTests
{
    private const string Root = "reviews.default.svc.cluster.local";
    private const string V1 = "reviews-v1.default.svc.cluster.local";
    private const string V2 = "reviews-v2.default.svc.cluster.local";

    private static readonly string Services = Join(
        Workloads("reviews", "v1"),
        Workloads("reviews-v1", "default", 1, "v1"),
        Workloads("reviews-v2", "default", 2, "v2"));

    private const string AbTest = """
        apiVersion: specs.smi-spec.io/v1alpha4
        kind: HTTPRouteGroup
        metadata:
          name: ab-test
        spec:
          matches:
          - name: firefox-users
            headers:
            - user-agent: ".*Firefox.*"
          - name: reports
            pathRegex: "/reports/.*"
            methods:
            - GET
            - HEAD
        ---
        apiVersion: split.smi-spec.io/v1alpha4
        kind: TrafficSplit
        metadata:
          name: ab-test
        spec:
          service: reviews
          matches:
          - kind: HTTPRouteGroup
            name: ab-test
          backends:
          - service: reviews-v1
            weight: 0
          - service: reviews-v2
            weight: 100
        """;

    [Fact]
    public void Compile_SplitWithoutMatches_OneRouteForEveryRequest()
    {
        const string split = """
            apiVersion: split.smi-spec.io/v1alpha4
            kind: TrafficSplit
            metadata:
              name: rollout
            spec:
              service: reviews
              backends:
              - service: reviews-v1
                weight: 1000
              - service: reviews-v2
                weight: 500
            """;

        var service = Resolve(Compile(Join(Services, split)), "reviews");

        Assert.True(service.HasRoutingPolicy);
        var route = Assert.Single(service.Routes);
        Assert.Empty(route.Matchers);
        Assert.Equal([V1, V2], route.Targets.Select(t => t.Target.Name));
        Assert.Equal([1000, 1500], route.Targets.Select(t => t.UpperBound));
    }

    [Fact]
    public void Compile_ZeroWeightBackend_IsLeftOut()
    {
        var service = Resolve(Compile(Join(Services, AbTest)), "reviews");

        Assert.Equal([V2], service.Routes[0].Targets.Select(t => t.Target.Name));
    }

    [Theory]
    [InlineData("GET", "/", "Mozilla/5.0 Firefox/120.0", V2)]
    [InlineData("GET", "/", "curl/8.0", Root)]
    [InlineData("GET", "/reports/2024", "curl/8.0", V2)]
    [InlineData("HEAD", "/reports/2024", "curl/8.0", V2)]
    [InlineData("POST", "/reports/2024", "curl/8.0", Root)] // methods limit the match
    [InlineData("GET", "/reports", "curl/8.0", Root)] // pathRegex matches the whole path
    public void Route_RouteGroupMatches_SplitMatchingRequestsAndSendTheRestToTheRoot(string method, string path, string userAgent, string expected)
    {
        var service = Resolve(Compile(Join(Services, AbTest)), "reviews");
        var request = new HttpRequestMessage(new HttpMethod(method), "http://reviews" + path);
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);

        var route = Route(service, request);

        Assert.NotNull(route);
        Assert.Equal(expected, route.PickTarget(new Mesh.Client.Balancing.SeededMeshRandom(1)).Target.Name);
    }

    [Fact]
    public void Compile_SplitReferringToAMissingRouteGroup_SendsEverythingToTheRoot()
    {
        const string split = """
            apiVersion: split.smi-spec.io/v1alpha4
            kind: TrafficSplit
            metadata:
              name: ab-test
            spec:
              service: reviews
              matches:
              - kind: HTTPRouteGroup
                name: not-there
              backends:
              - service: reviews-v2
                weight: 100
            """;

        var service = Resolve(Compile(Join(Services, split)), "reviews");

        var route = Assert.Single(service.Routes);
        Assert.Equal(Root, route.Targets.Single().Target.Name);
    }

    [Fact]
    public void Compile_BackendWithoutEndpoints_TargetIsMissing()
    {
        const string split = """
            apiVersion: split.smi-spec.io/v1alpha4
            kind: TrafficSplit
            metadata:
              name: rollout
            spec:
              service: reviews
              backends:
              - service: reviews-v9
                weight: 100
            """;

        var route = Resolve(Compile(Join(Services, split)), "reviews").Routes[0];

        Assert.True(route.Targets.Single().Target.IsMissing);
    }

    [Fact]
    public void Compile_VirtualServiceAndTrafficSplitForOneHost_VirtualServiceWins()
    {
        const string vs = """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: reviews
            spec:
              hosts:
              - reviews
              http:
              - name: istio
                route:
                - destination:
                    host: reviews-v1
            ---
            apiVersion: split.smi-spec.io/v1alpha4
            kind: TrafficSplit
            metadata:
              name: rollout
            spec:
              service: reviews
              backends:
              - service: reviews-v2
                weight: 100
            """;

        var route = Assert.Single(Resolve(Compile(Join(Services, vs)), "reviews").Routes);

        Assert.Equal("istio", route.Name);
    }
}

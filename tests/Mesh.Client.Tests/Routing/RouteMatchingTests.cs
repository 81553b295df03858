using static Mesh.Client.Tests.Routing.TestPolicies;

namespace Mesh.Client.Tests.Routing;

/// <summary>Routes compiled from a VirtualService: match blocks ORed, routes tried in order, caller conditions settled.</summary>
public class RouteMatchingTests
{
    private const string Routes = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: reviews
        spec:
          hosts:
          - reviews
          http:
          - name: jason
            match:
            - headers:
                end-user:
                  exact: jason
            route:
            - destination:
                host: reviews
                subset: v2
          - name: api
            match:
            - uri:
                prefix: /api
            - uri:
                prefix: /v2/api
            route:
            - destination:
                host: reviews
                subset: v3
          - name: default
            route:
            - destination:
                host: reviews
                subset: v1
        """;

    private static readonly string Policy = Join(Workloads("reviews", "v1", "v2", "v3"), ReviewsSubsets, Routes);

    [Theory]
    [InlineData("http://reviews/api/products", "jason", "jason")] // both the first and the second route match: the first wins
    [InlineData("http://reviews/api/products", "mary", "api")]
    [InlineData("http://reviews/other", "jason", "jason")]
    [InlineData("http://reviews/other", "mary", "default")]
    public void Route_SeveralRoutesMatch_FirstInOrderWins(string url, string user, string expected)
    {
        var service = Resolve(Compile(Policy), "reviews");

        var route = Route(service, Get(url, ("end-user", user)));

        Assert.Equal(expected, route?.Name);
    }

    [Theory]
    [InlineData("http://reviews/api/x", true)]
    [InlineData("http://reviews/v2/api/x", true)]
    [InlineData("http://reviews/v3/api/x", false)]
    public void TryMatch_SeveralMatchBlocks_AnyOneIsEnough(string url, bool expected)
    {
        var api = Resolve(Compile(Policy), "reviews").Routes[1];

        Assert.Equal(expected, api.TryMatch(Get(url), new Uri(url), out _));
    }

    [Fact]
    public void TryMatch_SecondBlockMatches_ReportsThatBlock()
    {
        var api = Resolve(Compile(Policy), "reviews").Routes[1];
        var uri = new Uri("http://reviews/v2/api/x");

        Assert.True(api.TryMatch(Get(uri.ToString()), uri, out var matched));

        Assert.Equal("/v2/api", matched!.Uri!.Value);
    }

    [Fact]
    public void TryMatch_RouteWithoutMatch_MatchesEverythingWithNoBlock()
    {
        var fallback = Resolve(Compile(Policy), "reviews").Routes[2];
        var uri = new Uri("http://reviews/anything?x=1");

        Assert.True(fallback.TryMatch(new HttpRequestMessage(HttpMethod.Delete, uri), uri, out var matched));
        Assert.Null(matched);
    }

    [Fact]
    public void Compile_RoutesDestinations_PointAtTheNamedSubsets()
    {
        var routes = Resolve(Compile(Policy), "reviews").Routes;

        Assert.Equal(
            ["reviews.default.svc.cluster.local|v2", "reviews.default.svc.cluster.local|v3", "reviews.default.svc.cluster.local|v1"],
            routes.Select(r => r.Targets.Single().Target.Name));
    }

    [Fact]
    public void Route_NoRouteMatches_ReturnsNull()
    {
        const string onlyJason = """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: reviews
            spec:
              hosts:
              - reviews
              http:
              - match:
                - headers:
                    end-user:
                      exact: jason
                route:
                - destination:
                    host: reviews
            """;
        var service = Resolve(Compile(Join(Workloads("reviews", "v1"), onlyJason)), "reviews");

        Assert.Null(Route(service, Get("http://reviews/", ("end-user", "mary"))));
        Assert.NotNull(Route(service, Get("http://reviews/", ("end-user", "jason"))));
    }

    [Fact]
    public void Compile_RouteWhoseMatchesAreAllForAnotherCaller_IsDropped()
    {
        var service = Resolve(Compile(Join(Workloads("reviews", "v1", "v2"), ReviewsSubsets, CallerRoutes)), "reviews");

        Assert.Equal(["mine", "fallback"], service.Routes.Select(r => r.Name));
    }

    [Fact]
    public void Compile_SameRoutesForAnotherCaller_KeepsTheRoutesThatNameIt()
    {
        var ratings = new Mesh.Client.Routing.CallerIdentity("ratings", "prod", new Dictionary<string, string> { ["app"] = "ratings" });

        var service = Resolve(Compile(Join(Workloads("reviews", "v1", "v2"), ReviewsSubsets, CallerRoutes), ratings), "reviews.default");

        Assert.Equal(["theirs", "other-namespace", "mine", "fallback"], service.Routes.Select(r => r.Name));
    }

    [Fact]
    public void Compile_RouteWithOneMatchForThisCaller_KeepsOnlyThatBlock()
    {
        var mine = Resolve(Compile(Join(Workloads("reviews", "v1", "v2"), ReviewsSubsets, CallerRoutes)), "reviews").Routes[0];

        var matcher = Assert.Single(mine.Matchers);
        Assert.Equal("from-productpage", matcher.Name);
    }

    [Fact]
    public void Route_SourceLabelsOfThisCaller_AppliesToEveryRequest()
    {
        var service = Resolve(Compile(Join(Workloads("reviews", "v1", "v2"), ReviewsSubsets, CallerRoutes)), "reviews");

        Assert.Equal("mine", Route(service, Get("http://reviews/any"))?.Name);
    }

    private const string CallerRoutes = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: reviews
        spec:
          hosts:
          - reviews
          http:
          - name: theirs
            match:
            - sourceLabels:
                app: ratings
            route:
            - destination:
                host: reviews
                subset: v2
          - name: other-namespace
            match:
            - sourceNamespace: prod
            route:
            - destination:
                host: reviews
                subset: v2
          - name: mine
            match:
            - name: from-ratings
              sourceLabels:
                app: ratings
            - name: from-productpage
              sourceLabels:
                app: productpage
                version: v1
              sourceNamespace: default
            route:
            - destination:
                host: reviews
                subset: v2
          - name: fallback
            route:
            - destination:
                host: reviews
                subset: v1
        """;

    [Theory]
    [InlineData("jason", null, "jason")]
    [InlineData("JASON", null, "no-debug")] // header values match case-sensitively, names do not
    [InlineData("tester-1", null, "testers")]
    [InlineData("mary-debug", null, "default")] // a without-header condition on end-user
    [InlineData("mary", "1", "default")] // x-debug present: the without-header route is skipped
    [InlineData("mary", null, "no-debug")]
    [InlineData(null, null, "no-debug")]
    public void Route_SameHeaderTestedByManyRoutes_ReadOnceAndMatchedAlike(string? user, string? debug, string expected)
    {
        // Three routes name end-user and one names x-debug: the service gives each name one slot, so a request
        // looks each header up once however many routes test it. The request spells the name in another case.
        var routes = """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: reviews
            spec:
              hosts:
              - reviews
              http:
              - name: jason
                match:
                - headers:
                    end-user:
                      exact: jason
                route:
                - destination:
                    host: reviews
                    subset: v2
              - name: testers
                match:
                - headers:
                    end-user:
                      prefix: tester-
                route:
                - destination:
                    host: reviews
                    subset: v3
              - name: no-debug
                match:
                - withoutHeaders:
                    x-debug:
                      exact: "1"
                    end-user:
                      exact: mary-debug
                route:
                - destination:
                    host: reviews
                    subset: v1
              - name: default
                route:
                - destination:
                    host: reviews
                    subset: v1
            """;
        var service = Resolve(Compile(Join(Workloads("reviews", "v1", "v2", "v3"), ReviewsSubsets, routes)), "reviews");
        var headers = new List<(string, string)>();
        if (user is not null)
        {
            headers.Add(("End-User", user));
        }

        if (debug is not null)
        {
            headers.Add(("x-debug", debug));
        }

        Assert.Equal(2, service.HeaderNames.Length);
        Assert.Equal(expected, Route(service, Get("http://reviews/", [.. headers]))?.Name);
    }
}

using Mesh.Client.Balancing;
using Mesh.Client.Routing;
using Mesh.Policy.Resources.Networking;
using static Mesh.Client.Tests.Routing.TestPolicies;

namespace Mesh.Client.Tests.Routing;

public class SnapshotCompilerTests
{
    private const string Reviews = "reviews.default.svc.cluster.local";

    [Fact]
    public void Compile_DestinationRuleSubsets_SelectEndpointsByLabels()
    {
        var snapshot = Compile(Join(Workloads("reviews", "v1", "v2", "v3", "v2"), ReviewsSubsets));

        Assert.Equal(["10.0.0.1:9080"], Target(snapshot, Reviews + "|v1").Endpoints.Select(e => e.Key));
        Assert.Equal(["10.0.0.2:9080", "10.0.0.4:9080"], Target(snapshot, Reviews + "|v2").Endpoints.Select(e => e.Key).Order());
        Assert.Equal(4, Target(snapshot, Reviews).Endpoints.Length);
    }

    [Fact]
    public void Compile_SubsetWithMultipleLabels_RequiresAllOfThem()
    {
        const string rule = """
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata:
              name: reviews
            spec:
              host: reviews
              subsets:
              - name: v2-blue
                labels:
                  app: reviews
                  version: v2
                  track: blue
            """;
        const string blue = """
            apiVersion: networking.istio.io/v1
            kind: WorkloadEntry
            metadata:
              name: reviews-blue
            spec:
              address: 10.0.9.9
              ports:
                http: 9080
              labels:
                app: reviews
                version: v2
                track: blue
            """;

        var snapshot = Compile(Join(Workloads("reviews", "v1", "v2"), blue, rule));

        Assert.Equal(["10.0.9.9:9080"], Target(snapshot, Reviews + "|v2-blue").Endpoints.Select(e => e.Key));
    }

    [Fact]
    public void Compile_SubsetWithoutMatchingEndpoints_HasNoBalancer()
    {
        var snapshot = Compile(Join(Workloads("reviews", "v1"), ReviewsSubsets));

        var v3 = Target(snapshot, Reviews + "|v3");

        Assert.Empty(v3.Endpoints);
        Assert.Null(v3.Balancer);
        Assert.False(v3.IsMissing);
    }

    [Fact]
    public void Compile_SubsetLoadBalancer_OverridesTheRulesAndInheritsTheRest()
    {
        const string rule = """
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata:
              name: reviews
            spec:
              host: reviews
              trafficPolicy:
                loadBalancer:
                  simple: ROUND_ROBIN
                connectionPool:
                  http:
                    http1MaxPendingRequests: 7
                outlierDetection:
                  consecutive5xxErrors: 3
              subsets:
              - name: v1
                labels:
                  version: v1
              - name: v2
                labels:
                  version: v2
                trafficPolicy:
                  loadBalancer:
                    simple: RANDOM
            """;

        var snapshot = Compile(Join(Workloads("reviews", "v1", "v2"), rule));
        var v1 = Target(snapshot, Reviews + "|v1");
        var v2 = Target(snapshot, Reviews + "|v2");

        Assert.IsType<RoundRobinBalancer>(v1.Balancer);
        Assert.IsType<RandomBalancer>(v2.Balancer);
        Assert.Equal(SimpleLoadBalancer.Random, v2.Policy!.LoadBalancer!.Simple);
        Assert.Equal(7, v2.Policy.ConnectionPool!.Http!.Http1MaxPendingRequests);
        Assert.Equal(3, v2.Policy.OutlierDetection!.Consecutive5xxErrors);
        Assert.IsType<RoundRobinBalancer>(Target(snapshot, Reviews).Balancer);
    }

    [Fact]
    public void Compile_NoLoadBalancerAnywhere_UsesLeastRequest()
    {
        var snapshot = Compile(Join(Workloads("reviews", "v1"), ReviewsSubsets));

        Assert.IsType<LeastRequestBalancer>(Target(snapshot, Reviews + "|v1").Balancer);
    }

    [Fact]
    public void Compile_RouteToUndefinedSubset_TargetIsMissing()
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
              - route:
                - destination:
                    host: reviews
                    subset: v9
            """;

        var route = Resolve(Compile(Join(Workloads("reviews", "v1"), ReviewsSubsets, vs)), "reviews").Routes[0];

        var target = route.Targets.Single().Target;
        Assert.True(target.IsMissing);
        Assert.Equal(Reviews + "|v9", target.Name);
    }

    [Fact]
    public void Compile_RouteToUnknownHost_TargetIsMissing()
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
              - route:
                - destination:
                    host: nowhere
            """;

        var route = Resolve(Compile(Join(Workloads("reviews", "v1"), vs)), "reviews").Routes[0];

        Assert.True(route.Targets.Single().Target.IsMissing);
        Assert.Equal("nowhere.default.svc.cluster.local", route.Targets.Single().Target.Service);
    }

    [Fact]
    public void Compile_RouteToAnotherService_UsesThatServicesTarget()
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
              - route:
                - destination:
                    host: ratings
            """;
        var snapshot = Compile(Join(Workloads("reviews", "v1"), Workloads("ratings", "default", 5, "v1"), vs));

        var target = Resolve(snapshot, "reviews").Routes[0].Targets.Single().Target;

        Assert.Same(Target(snapshot, "ratings.default.svc.cluster.local"), target);
        Assert.Equal(["10.0.5.1:9080"], target.Endpoints.Select(e => e.Key));
    }

    [Theory]
    [InlineData("reviews")]
    [InlineData("reviews.default")]
    [InlineData("reviews.default.svc")]
    [InlineData("reviews.default.svc.cluster")]
    [InlineData("reviews.default.svc.cluster.local")]
    [InlineData("REVIEWS.Default.svc.cluster.local")]
    public void TryResolve_EveryHostForm_FindsTheSameService(string host)
    {
        var snapshot = Compile(Workloads("reviews", "v1"));

        Assert.True(snapshot.TryResolve(host, out var service));
        Assert.Equal(Reviews, service.Host);
    }

    [Theory]
    [InlineData("ratings", false)] // a short name resolves only in the caller's namespace
    [InlineData("ratings.prod", true)]
    [InlineData("ratings.prod.svc", true)]
    [InlineData("ratings.prod.svc.cluster.local", true)]
    [InlineData("ratings.default", false)]
    public void TryResolve_ServiceInAnotherNamespace_NeedsTheNamespace(string host, bool expected)
    {
        var snapshot = Compile(Workloads("ratings", "prod", 3, "v1"));

        Assert.Equal(expected, snapshot.TryResolve(host, out _));
    }

    [Fact]
    public void TryResolve_CallerInTheServicesNamespace_ResolvesTheShortName()
    {
        var caller = new CallerIdentity("gateway", "prod", new Dictionary<string, string>());

        var snapshot = Compile(Workloads("ratings", "prod", 3, "v1"), caller);

        Assert.True(snapshot.TryResolve("ratings", out var service));
        Assert.Equal("ratings.prod.svc.cluster.local", service.Host);
    }

    [Theory]
    [InlineData("reviews.other")]
    [InlineData("example.com")]
    [InlineData("")]
    public void TryResolve_UnknownHost_ReturnsFalse(string host)
    {
        Assert.False(Compile(Workloads("reviews", "v1")).TryResolve(host, out _));
    }

    [Fact]
    public void Compile_HostWithoutVirtualService_GetsADefaultRouteToAllEndpoints()
    {
        var snapshot = Compile(Join(Workloads("reviews", "v1", "v2", "v3"), ReviewsSubsets));

        var service = Resolve(snapshot, "reviews");

        Assert.False(service.HasRoutingPolicy);
        var route = Assert.Single(service.Routes);
        Assert.Empty(route.Matchers);
        var target = Assert.Single(route.Targets).Target;
        Assert.Null(target.Subset);
        Assert.Equal(3, target.Endpoints.Length);
        Assert.NotNull(target.Balancer);
    }

    [Fact]
    public void Compile_DefaultRoute_UsesIstioDefaultRetries()
    {
        var route = Resolve(Compile(Workloads("reviews", "v1")), "reviews").Routes[0];

        Assert.Equal(2, route.Policy.Retries);
        Assert.Null(route.Policy.Timeout);
    }

    [Fact]
    public void Compile_ServiceEntryWithStaticEndpoints_BecomesAService()
    {
        const string entry = """
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata:
              name: payments
            spec:
              hosts:
              - payments.example.com
              location: MESH_EXTERNAL
              resolution: STATIC
              ports:
              - number: 443
                name: https
                protocol: HTTPS
              endpoints:
              - address: 192.0.2.10
              - address: 192.0.2.11
                ports:
                  https: 8443
            """;

        var snapshot = Compile(entry);

        var service = Resolve(snapshot, "payments.example.com");
        Assert.Equal("payments.example.com", service.Host);
        Assert.False(service.HasRoutingPolicy);
        var target = service.Routes.Single().Targets.Single().Target;
        Assert.Equal(["192.0.2.10:443", "192.0.2.11:8443"], target.Endpoints.Select(e => e.Key).Order());
        Assert.NotNull(target.Balancer);
    }

    [Fact]
    public void Compile_ServiceEntryWithDnsResolutionAndNoEndpoints_UsesTheHostItself()
    {
        const string entry = """
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata:
              name: httpbin
            spec:
              hosts:
              - httpbin.org
              location: MESH_EXTERNAL
              resolution: DNS
              ports:
              - number: 80
                name: http
                protocol: HTTP
            """;

        var target = Resolve(Compile(entry), "httpbin.org").Routes[0].Targets[0].Target;

        Assert.Equal(["httpbin.org:80"], target.Endpoints.Select(e => e.Key));
    }

    [Fact]
    public void Compile_ServiceEntryWithSubsets_SelectsByEndpointLabels()
    {
        const string entry = """
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata:
              name: legacy
            spec:
              hosts:
              - legacy.internal
              location: MESH_INTERNAL
              resolution: STATIC
              ports:
              - number: 8080
                name: http
                protocol: HTTP
              endpoints:
              - address: 192.0.2.1
                labels:
                  dc: east
              - address: 192.0.2.2
                labels:
                  dc: west
            ---
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata:
              name: legacy
            spec:
              host: legacy.internal
              subsets:
              - name: east
                labels:
                  dc: east
            """;

        var snapshot = Compile(entry);

        Assert.Equal(["192.0.2.1:8080"], Target(snapshot, "legacy.internal|east").Endpoints.Select(e => e.Key));
    }

    [Fact]
    public void Compile_WorkloadEntryWithoutAppLabel_IsNotAService()
    {
        const string orphan = """
            apiVersion: networking.istio.io/v1
            kind: WorkloadEntry
            metadata:
              name: orphan
            spec:
              address: 10.9.9.9
              ports:
                http: 9080
              labels:
                version: v1
            """;

        var snapshot = Compile(orphan);

        Assert.Empty(snapshot.Hosts);
    }

    [Fact]
    public void Compile_WorkloadEntryWithSeveralPorts_UsesThePortNamedHttp()
    {
        const string entry = """
            apiVersion: networking.istio.io/v1
            kind: WorkloadEntry
            metadata:
              name: details
            spec:
              address: 10.1.1.1
              ports:
                metrics: 9090
                http: 9080
              labels:
                app: details
            """;

        var target = Target(Compile(entry), "details.default.svc.cluster.local");

        Assert.Equal(9080, Assert.Single(target.Endpoints).Port);
    }

    [Fact]
    public void Compile_RouteTimeoutOfFiveMilliseconds_Compiles()
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
              - timeout: 5ms
                route:
                - destination:
                    host: reviews
            """;

        var route = Resolve(Compile(Join(Workloads("reviews", "v1"), vs)), "reviews").Routes[0];

        Assert.Equal(TimeSpan.FromMilliseconds(5), route.Policy.Timeout);
    }

    [Fact]
    public void Compile_Revision_IsCarriedIntoTheSnapshot()
    {
        Assert.Equal(7, Compile(Workloads("reviews", "v1")).Revision);
    }

    [Fact]
    public void Compile_EndpointThatStays_KeepsItsStateObjectAcrossCompiles()
    {
        var registry = new EndpointRegistry();
        var compiler = Compiler(endpoints: registry);
        var first = compiler.Compile([.. Parse(Workloads("reviews", "v1", "v2"))], 1);

        var second = compiler.Compile([.. Parse(Join(Workloads("reviews", "v1", "v2"), ReviewsSubsets))], 2);

        var before = first.Targets.Single(t => t.Name == Reviews).Endpoints.Single(e => e.Key == "10.0.0.1:9080");
        Assert.Same(before, second.Targets.Single(t => t.Name == Reviews + "|v1").Endpoints.Single());
    }
}

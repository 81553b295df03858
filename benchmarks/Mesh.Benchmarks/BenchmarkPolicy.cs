using System.Globalization;
using Mesh.Client;
using Mesh.Client.Balancing;
using Mesh.Policy.Parsing;
using Mesh.Policy.Resources;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Mesh.Benchmarks;

/// <summary>
/// The policy the outbound benchmarks run under: two <c>reviews</c> endpoints (v1, v2), a DestinationRule with
/// subsets v1/v2 and LEAST_REQUEST, and a VirtualService of ten routes in which the benchmark request
/// (<see cref="RequestPath"/> with <c>end-user: benchmark</c>, no <c>x-canary</c>) matches only the last one, so
/// every request walks the whole table (the worst case): four exact and one prefix header match on
/// <c>end-user</c>, two uri prefixes, one uri regex and a header that is absent, then the catch-all with a 90/10
/// split, retries (2 attempts on 5xx) and a timeout.
/// </summary>
internal static class BenchmarkPolicy
{
    /// <summary>The host the meshed client calls (a mesh service, resolved by policy, not DNS).</summary>
    public const string MeshUrl = "http://reviews:9080/";

    public const string RequestPath = "/";

    public const string UserHeader = "end-user";

    /// <summary>The benchmark request's <c>end-user</c>: it matches none of the header routes.</summary>
    public const string UserValue = "benchmark";

    /// <summary>The number of routes the request is tried against (the last one matches).</summary>
    public const int RouteCount = 10;

    /// <summary>The host of issue 4's variant (<see cref="GuardedYaml"/>).</summary>
    public const string GuardedUrl = "http://guarded:9080/";

    public static string Yaml(int v1Port, int v2Port) => Template
        .Replace("{V1_PORT}", v1Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{V2_PORT}", v2Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    /// <summary>
    /// Issue 4's variant: the same endpoints' kind, routes, split, retries and timeout for a service named
    /// <c>guarded</c>, whose DestinationRule also sets connection-pool limits (tcp.maxConnections,
    /// http1MaxPendingRequests, http2MaxRequests, all high enough never to trip in a benchmark that sends one
    /// request at a time) and outlier detection (consecutive5xxErrors, interval, baseEjectionTime). Every
    /// request then passes the admission counter and feeds its outcome to outlier detection.
    /// </summary>
    public static string GuardedYaml(int v1Port, int v2Port) => Yaml(v1Port, v2Port)
        .Replace("reviews", "guarded", StringComparison.Ordinal)
        .Replace(LoadBalancerLine, LoadBalancerLine + GuardedTrafficPolicy, StringComparison.Ordinal);

    /// <summary>Parses <see cref="Yaml"/>, throwing on any error so that a benchmark never runs on a policy that did not load.</summary>
    public static IReadOnlyList<MeshResource> Parse(int v1Port, int v2Port) => Parse(Yaml(v1Port, v2Port));

    /// <summary>Parses <paramref name="yaml"/>, throwing on any error.</summary>
    public static IReadOnlyList<MeshResource> Parse(string yaml)
    {
        var result = PolicyParser.Parse(yaml, "benchmark-policy.yaml");
        if (result.HasErrors)
        {
            throw new InvalidOperationException("The benchmark policy does not parse:" + Environment.NewLine + string.Join(Environment.NewLine, result.Diagnostics));
        }

        return result.Resources;
    }

    /// <summary>
    /// A data plane runtime (the one <c>AddMesh()</c> registers, for the caller <c>caller</c> in <c>default</c>)
    /// whose snapshot is compiled from this policy by <see cref="MeshRuntime.Update"/>, i.e. by the
    /// <c>SnapshotCompiler</c> as at start-up. No socket is opened until a request is sent.
    /// </summary>
    public static MeshRuntime CompiledRuntime(int v1Port, int v2Port)
    {
        var options = new MeshOptions { ServiceName = "caller", Register = false };
        var runtime = new MeshRuntime(Options.Create(options), SharedMeshRandom.Instance, TimeProvider.System, NullLogger<MeshRuntime>.Instance);
        if (!runtime.Update(Parse(v1Port, v2Port).ToArray(), 1))
        {
            runtime.Dispose();
            throw new InvalidOperationException("The benchmark policy did not compile into a snapshot.");
        }

        return runtime;
    }

    /// <summary>The guarded DestinationRule's tcp.maxConnections (as written in <see cref="GuardedTrafficPolicy"/>).</summary>
    public const int GuardedMaxConnections = 100;

    private const string LoadBalancerLine = "      simple: LEAST_REQUEST\n";

    private const string GuardedTrafficPolicy = """
            connectionPool:
              tcp:
                maxConnections: 100
              http:
                http1MaxPendingRequests: 1000
                http2MaxRequests: 1000
            outlierDetection:
              consecutive5xxErrors: 5
              interval: 10s
              baseEjectionTime: 30s

        """;

    private const string Template = """
        apiVersion: networking.istio.io/v1
        kind: WorkloadEntry
        metadata:
          name: reviews-v1
        spec:
          address: 127.0.0.1
          ports:
            http: {V1_PORT}
          labels:
            app: reviews
            version: v1
        ---
        apiVersion: networking.istio.io/v1
        kind: WorkloadEntry
        metadata:
          name: reviews-v2
        spec:
          address: 127.0.0.1
          ports:
            http: {V2_PORT}
          labels:
            app: reviews
            version: v2
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: reviews
        spec:
          host: reviews
          trafficPolicy:
            loadBalancer:
              simple: LEAST_REQUEST
          subsets:
          - name: v1
            labels:
              version: v1
          - name: v2
            labels:
              version: v2
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: reviews
        spec:
          hosts:
          - reviews
          http:
          - name: user1
            match:
            - headers:
                end-user:
                  exact: user1
            route:
            - destination:
                host: reviews
                subset: v2
          - name: user2
            match:
            - headers:
                end-user:
                  exact: user2
            route:
            - destination:
                host: reviews
                subset: v2
          - name: user3
            match:
            - headers:
                end-user:
                  exact: user3
            route:
            - destination:
                host: reviews
                subset: v2
          - name: user4
            match:
            - headers:
                end-user:
                  exact: user4
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
                subset: v2
          - name: admin
            match:
            - uri:
                prefix: /admin
            route:
            - destination:
                host: reviews
                subset: v1
          - name: api-v2
            match:
            - uri:
                prefix: /api/v2
            route:
            - destination:
                host: reviews
                subset: v2
          - name: review-by-id
            match:
            - uri:
                regex: /reviews/[0-9]+
            route:
            - destination:
                host: reviews
                subset: v1
          - name: canary
            match:
            - headers:
                x-canary:
                  exact: "true"
            route:
            - destination:
                host: reviews
                subset: v2
          - name: default
            route:
            - destination:
                host: reviews
                subset: v1
              weight: 90
            - destination:
                host: reviews
                subset: v2
              weight: 10
            timeout: 5s
            retries:
              attempts: 2
              retryOn: 5xx
        """;
}

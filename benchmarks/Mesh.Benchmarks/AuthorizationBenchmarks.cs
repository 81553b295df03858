using System.Net;
using BenchmarkDotNet.Attributes;
using Mesh.Client.Security.Authorization;
using Mesh.Policy.Parsing;
using Microsoft.AspNetCore.Http;

namespace Mesh.Benchmarks;

/// <summary>
/// The inbound authorization decision for one request, without I/O: the <c>reviews</c> workload under Istio's
/// authz-http task policies (allow-nothing, then reviews-viewer: GET from productpage's principal) plus a DENY
/// policy (admin paths from outside 10.0.0.0/8, and a header condition), for an allowed GET from productpage.
/// The DENY policy is walked in full, then the allow-nothing policy (no rules), then reviews-viewer matches.
/// </summary>
/// <remarks>
/// The baseline is a hand-written check of the same decision against values already at hand: the DENY
/// conditions, then the principal and method comparisons. The ratio is what the general compiled form (patterns,
/// CIDR sets, virtual calls, reading the request from the HttpContext) costs over the least work any check must do.
/// </remarks>
[MemoryDiagnoser]
public class AuthorizationBenchmarks
{
    private const string ProductPage = "cluster.local/ns/default/sa/bookinfo-productpage";
    private static readonly IPNetwork Internal = IPNetwork.Parse("10.0.0.0/8");

    private AuthorizationEngine _engine = null!;
    private AuthorizationRequest _request;
    private DefaultHttpContext _context = null!;

    [GlobalSetup]
    public void Setup()
    {
        var result = PolicyParser.Parse(Policies, "authz-benchmark.yaml");
        if (result.HasErrors)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, result.Diagnostics));
        }

        var workload = new WorkloadScope("default", new Dictionary<string, string> { ["app"] = "reviews", ["version"] = "v1" }, "bookinfo-reviews", "istio-system", "cluster.local");
        _engine = new AuthorizationCompiler(workload).Compile(result.Resources.ToArray(), 1);
        _context = new DefaultHttpContext();
        _context.Request.Method = "GET";
        _context.Request.Path = "/reviews/0";
        _context.Request.Host = new HostString("reviews:9080");
        _context.Request.Headers["x-request-id"] = "3f1c";
        _context.Connection.RemoteIpAddress = IPAddress.Parse("10.1.2.3");
        _context.Connection.LocalIpAddress = IPAddress.Parse("10.1.2.4");
        _context.Connection.LocalPort = 9080;
        _request = AuthorizationRequest.From(_context, ProductPage);
        if (!_engine.Evaluate(_request).Allowed || !HandWritten())
        {
            throw new InvalidOperationException("The benchmark request must be allowed.");
        }
    }

    [Benchmark(Baseline = true)]
    public bool HandWritten()
    {
        var address = _request.RemoteIp!;
        var denied = _request.Path.StartsWith("/admin", StringComparison.Ordinal) && !Internal.Contains(address)
            && _context.Request.Headers["x-debug"].Count == 0;
        return !denied && _request.Principal == ProductPage && _request.Method == "GET";
    }

    [Benchmark]
    public bool Evaluate() => _engine.Evaluate(_request).Allowed;

    [Benchmark]
    public bool ReadHttpContextAndEvaluate() => _engine.Evaluate(AuthorizationRequest.From(_context, ProductPage)).Allowed;

    private const string Policies = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: allow-nothing, namespace: default}
        spec: {}
        ---
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: reviews-viewer, namespace: default}
        spec:
          selector:
            matchLabels: {app: reviews}
          action: ALLOW
          rules:
          - from:
            - source:
                principals: ["cluster.local/ns/default/sa/bookinfo-productpage"]
            to:
            - operation:
                methods: ["GET"]
        ---
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: no-admin, namespace: default}
        spec:
          action: DENY
          rules:
          - from:
            - source: {notIpBlocks: ["10.0.0.0/8"]}
            to:
            - operation: {paths: ["/admin*"]}
          - when:
            - key: request.headers[x-debug]
              values: ["*"]
        """;
}

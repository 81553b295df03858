using System.Net;
using Mesh.Client.Security.Authorization;
using Microsoft.AspNetCore.Http;
using static Mesh.Client.Tests.Security.Authorization.Authz;

namespace Mesh.Client.Tests.Security.Authorization;

public class EvaluateAllocationTests
{
    // Every kind of matcher on the common path: principals, namespaces, IP blocks, methods, paths, hosts, ports,
    // header and source conditions, DENY then ALLOW, and an SMI route with regular expressions.
    private static readonly string[] Policies =
    [
        AuthzPolicy("action: DENY\nrules:\n- from:\n  - source: {notNamespaces: [default, \"shop-*\"]}\n  to:\n  - operation: {paths: [\"/admin*\"]}", "deny-admin"),
        AuthzPolicy("""
            rules:
            - from:
              - source: {principals: ["cluster.local/ns/other/*"]}
              - source: {namespaces: [default], ipBlocks: ["10.0.0.0/8"], notIpBlocks: ["10.200.0.0/16"]}
              to:
              - operation: {methods: [GET, HEAD], paths: ["/reviews/*", "*.json"], hosts: [reviews], notPorts: ["15000"]}
              when:
              - key: request.headers[x-user]
                values: ["team-*"]
              - key: source.principal
                notValues: ["*/sa/blocked"]
            """, "reviewers"),
        """
        apiVersion: access.smi-spec.io/v1alpha3
        kind: TrafficTarget
        metadata: {name: t, namespace: default}
        spec:
          destination: {kind: ServiceAccount, name: reviews}
          sources: [{kind: ServiceAccount, name: productpage}]
          rules: [{kind: HTTPRouteGroup, name: routes}]
        ---
        apiVersion: specs.smi-spec.io/v1alpha4
        kind: HTTPRouteGroup
        metadata: {name: routes, namespace: default}
        spec:
          matches: [{name: read, pathRegex: "/reviews/[0-9]+", methods: [GET], headers: {x-user: "team-.*"}}]
        """,
    ];

    [Fact]
    public void Evaluate_AfterWarmUp_AllocatesNothing()
    {
        var engine = Compile(Workload("reviews"), Policies);
        var allowed = Request("GET", "/reviews/1", ProductPage, headers: new() { ["x-user"] = "team-a" });
        var denied = Request("POST", "/reviews/1", ProductPage, headers: new() { ["x-user"] = "team-a" });
        Assert.True(engine.Allows(allowed));
        Assert.False(engine.Allows(denied));
        var bytes = Measure(() =>
        {
            engine.Evaluate(allowed);
            engine.Evaluate(denied);
        });

        Assert.Equal(0, bytes);
    }

    [Fact]
    public void ReadingTheRequestFromAnHttpContext_AllocatesNothing()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Path = "/reviews/1";
        context.Request.Host = new HostString("reviews:9080");
        context.Request.Headers["x-user"] = "team-a";
        context.Connection.RemoteIpAddress = IPAddress.Parse("10.1.2.3");
        context.Connection.LocalPort = 9080;
        var engine = Compile(Workload("reviews"), Policies);
        Assert.True(engine.Evaluate(AuthorizationRequest.From(context, ProductPage)).Allowed);

        var bytes = Measure(() => engine.Evaluate(AuthorizationRequest.From(context, ProductPage)));

        Assert.Equal(0, bytes);
    }

    private static long Measure(Action action)
    {
        for (var i = 0; i < 1_000; i++)
        {
            action();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            action();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}

using Mesh.Policy.Validation;

namespace Mesh.Policy.Tests;

public class NotEnforcedYetTests
{
    [Theory]
    [InlineData("mode: ISTIO_MUTUAL")]
    [InlineData("{mode: SIMPLE, sni: api.example.com, caCertificates: /certs/ca.pem, subjectAltNames: [api.example.com]}")]
    [InlineData("{mode: MUTUAL, clientCertificate: /certs/cert.pem, privateKey: /certs/key.pem, caCertificates: /certs/ca.pem}")]
    public void Parse_EnforcedTlsSettings_HaveNoNotEnforcedWarning(string tls)
    {
        var result = PolicyAssert.Parse($"""
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata:
              name: reviews
            spec:
              host: reviews
              trafficPolicy:
                tls: {(tls.StartsWith('{') ? tls : "{" + tls + "}")}
            """);

        PolicyAssert.NoErrors(result);
        Assert.DoesNotContain(result.Diagnostics, d => d.Code == PolicyDiagnostic.NotEnforcedCode);
    }

    [Fact]
    public void Parse_TlsCredentialName_SaysItIsNotApplied()
    {
        var result = PolicyAssert.Parse("""
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata:
              name: api
            spec:
              host: api.example.com
              trafficPolicy:
                tls:
                  mode: SIMPLE
                  credentialName: api-credential
            """);

        PolicyAssert.NoErrors(result);
        Assert.Equal(PolicyDiagnostic.NotEnforcedCode, PolicyAssert.Warning(result.Diagnostics, "spec.trafficPolicy.tls.credentialName", "not applied").Code);
    }

    [Fact]
    public void Parse_PeerAuthentication_IsEnforcedWithoutWarning()
    {
        var result = PolicyAssert.Parse("""
            apiVersion: security.istio.io/v1
            kind: PeerAuthentication
            metadata:
              name: default
              namespace: istio-system
            spec:
              mtls:
                mode: STRICT
            """);

        PolicyAssert.NoErrors(result);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Parse_AuthorizationPolicy_IsEnforcedSoHasNoNotEnforcedWarning()
    {
        var result = PolicyAssert.Parse("""
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata:
              name: allow-nothing
            spec: {}
            """);

        PolicyAssert.NoErrors(result);
        Assert.DoesNotContain(result.Diagnostics, d => d.Code == PolicyDiagnostic.NotEnforcedCode);
    }

    [Fact]
    public void Parse_TrafficTarget_IsEnforcedSoHasNoNotEnforcedWarning()
    {
        var result = PolicyAssert.Parse("""
            apiVersion: access.smi-spec.io/v1alpha3
            kind: TrafficTarget
            metadata:
              name: target
            spec:
              destination: {kind: ServiceAccount, name: reviews}
              sources:
              - {kind: ServiceAccount, name: productpage}
            """);

        PolicyAssert.NoErrors(result);
        Assert.DoesNotContain(result.Diagnostics, d => d.Code == PolicyDiagnostic.NotEnforcedCode);
    }

    [Theory]
    [InlineData("retriable-headers")]
    [InlineData("envoy-ratelimited")]
    public void Parse_RetryOnThatMeshCannotHonour_IsAnError(string condition)
    {
        var result = PolicyAssert.Parse($"""
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: reviews
            spec:
              hosts: [reviews]
              http:
              - route:
                - destination:
                    host: reviews
                retries:
                  attempts: 2
                  retryOn: 5xx,{condition}
            """);

        PolicyAssert.Error(result, "spec.http[0].retries.retryOn", condition);
    }

    // Fields that are valid Istio or SMI and accepted, but that the data plane ignores today: each must say so.
    public static TheoryData<string, string, string> IgnoredFields => new()
    {
        { DrPolicy("loadBalancer: {consistentHash: {useSourceIp: true}}"), "spec.trafficPolicy.loadBalancer.consistentHash.useSourceIp", "source address" },
        { DrPolicy("loadBalancer: {consistentHash: {httpCookie: {name: user, ttl: 0s}}}"), "spec.trafficPolicy.loadBalancer.consistentHash.httpCookie", "not created" },
        { DrPolicy("loadBalancer: {consistentHash: {httpCookie: {name: user, path: /}}}"), "spec.trafficPolicy.loadBalancer.consistentHash.httpCookie", "not created" },
        {
            """
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata: {name: audit}
            spec: {action: AUDIT, rules: [{}]}
            """, "spec.action", "AUDIT"
        },
        { Se("ports: [{number: 5432, name: tcp, protocol: TCP}]"), "spec.ports[0].protocol", "TCP" },
        { Se("ports: [{number: 53, name: dns, protocol: udp}]"), "spec.ports[0].protocol", "UDP" },
        { Se("ports: [{number: 443, name: tls, protocol: TLS}]"), "spec.ports[0].protocol", "TLS" },
        { Se("ports: [{number: 80, name: http, protocol: HTTP}]\n  resolution: DNS"), "spec.resolution", "DNS" },
        { Se("ports: [{number: 80, name: http, protocol: HTTP}, {number: 443, name: https, protocol: HTTPS}]"), "spec.ports", "first port" },
        { Se("resolution: STATIC\n  ports: [{number: 80, name: http}]\n  endpoints: [{address: 10.0.0.1, network: n1}]"), "spec.endpoints[0].network", "not used" },
        { Se("resolution: STATIC\n  ports: [{number: 80, name: http}]\n  endpoints: [{address: 10.0.0.1, locality: r/z}]"), "spec.endpoints[0].locality", "not used" },
        { We("network: n1"), "spec.network", "not used" },
        { We("locality: us-east/a"), "spec.locality", "not used" },
        { Vs("hosts: ['*.example.com']", "a.example.com"), "spec.hosts[0]", "skipped" },
        { Vs("hosts: [reviews]", "reviews", "port: {number: 9080}"), "spec.http[0].route[0].destination.port", "registered" },
        {
            """
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: all}
            spec: {host: '*.example.com', trafficPolicy: {loadBalancer: {simple: RANDOM}}}
            """, "spec.host", "skipped"
        },
        { Split("apiGroup: gateway.networking.k8s.io"), "spec.matches[0].apiGroup", "not checked" },
    };

    // The same resources written the way Mesh does honour: no NotEnforced warning may appear.
    public static TheoryData<string> HonouredFields => new()
    {
        DrPolicy("loadBalancer: {consistentHash: {httpCookie: {name: user}}}"),
        DrPolicy("loadBalancer: {consistentHash: {httpHeaderName: x-user}}"),
        """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: deny}
        spec: {action: DENY, rules: [{to: [{operation: {paths: [/admin]}}]}]}
        """,
        Se("ports: [{number: 80, name: http, protocol: HTTP}]"),
        Se("ports: [{number: 443, name: https, protocol: HTTPS}]\n  resolution: NONE"),
        Se("ports: [{number: 80, name: http, protocol: http2}]\n  resolution: DNS_ROUND_ROBIN"),
        Se("resolution: STATIC\n  ports: [{number: 80, name: http}]\n  endpoints: [{address: 10.0.0.1, labels: {version: v1}}]"),
        We("weight: 2"),
        Vs("hosts: [reviews]", "reviews"),
        Split("apiGroup: specs.smi-spec.io"),
        Split(""),
    };

    [Theory]
    [MemberData(nameof(IgnoredFields))]
    public void Parse_AcceptedFieldTheDataPlaneIgnores_WarnsNotEnforcedNamingIt(string yaml, string path, string messagePart)
    {
        var result = PolicyAssert.Parse(yaml);

        PolicyAssert.NoErrors(result);
        Assert.Equal(PolicyDiagnostic.NotEnforcedCode, PolicyAssert.Warning(result.Diagnostics, path, messagePart).Code);
    }

    [Theory]
    [MemberData(nameof(HonouredFields))]
    public void Parse_FieldsTheDataPlaneHonours_HaveNoNotEnforcedWarning(string yaml)
    {
        var result = PolicyAssert.Parse(yaml);

        PolicyAssert.NoErrors(result);
        Assert.DoesNotContain(result.Diagnostics, d => d.Code == PolicyDiagnostic.NotEnforcedCode);
    }

    private static string DrPolicy(string policy) => $$"""
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: reviews}
        spec:
          host: reviews
          trafficPolicy: {{{policy}}}
        """;

    private static string Se(string rest) => $$"""
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: external}
        spec:
          hosts: [api.example.com]
          {{rest}}
        """;

    private static string We(string rest) => $$"""
        apiVersion: networking.istio.io/v1
        kind: WorkloadEntry
        metadata: {name: ratings-1}
        spec:
          address: 10.0.0.2
          labels: {app: ratings}
          {{rest}}
        """;

    private static string Vs(string hosts, string destination, string port = "") => $$"""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: vs}
        spec:
          {{hosts}}
          http:
          - route:
            - destination: {host: {{destination}}{{(port.Length == 0 ? "" : ", " + port)}}}
        """;

    private static string Split(string apiGroup) => $$"""
        apiVersion: split.smi-spec.io/v1alpha4
        kind: TrafficSplit
        metadata: {name: split}
        spec:
          service: website
          backends: [{service: website-v1, weight: 1}]
          matches: [{kind: HTTPRouteGroup, name: routes{{(apiGroup.Length == 0 ? "" : ", " + apiGroup)}}}]
        """;
}

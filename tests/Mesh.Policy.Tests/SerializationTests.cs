using Mesh.Policy.Validation;
using System.Text.Json.Nodes;
using Mesh.Policy.Parsing;
using Mesh.Policy.Resources;
using Mesh.Policy.Resources.Networking;
using Mesh.Policy.Resources.Smi;
using Mesh.Policy.Serialization;
using static Mesh.Policy.Tests.PolicyAssert;

namespace Mesh.Policy.Tests;

public class SerializationTests
{
    private const string RichVirtualService = """
        apiVersion: networking.istio.io/v1beta1
        kind: VirtualService
        metadata:
          name: reviews
          namespace: bookinfo
          labels:
            team: "42"
        spec:
          hosts: [reviews, reviews.bookinfo.svc.cluster.local]
          http:
          - name: jason
            match:
            - headers:
                end-user: {exact: jason}
                x-flag: {exact: "true"}
              uri: {prefix: /reviews}
              ignoreUriCase: true
            route:
            - destination: {host: reviews, subset: v2, port: {number: 9080}}
              weight: 90
            - destination: {host: reviews, subset: v3}
              weight: 10
            timeout: 90m
            retries: {attempts: 3, perTryTimeout: 0.5s, retryOn: "5xx,503"}
            fault:
              delay: {fixedDelay: 7s, percentage: {value: 12.5}}
            mirror: {host: reviews, subset: v1}
            mirrorPercentage: {value: 100}
          - route:
            - destination: {host: reviews, subset: v1}
        """;

    /// <summary>Parse → ToYaml → parse again; both parses must be clean and give the same JSON.</summary>
    private static void AssertRoundTrip(string text)
    {
        var first = Parse(text);
        NoErrors(first);
        Assert.NotEmpty(first.Resources);

        var yaml = PolicySerializer.ToYaml(first.Resources);
        var second = PolicyParser.Parse(yaml, "round-trip.yaml");

        var unexpected = second.Diagnostics.Where(d => d.Code != PolicyDiagnostic.NotEnforcedCode).ToList();
        Assert.True(unexpected.Count == 0, "the written YAML did not parse cleanly:\n" + Describe(unexpected) + "\n" + yaml);
        Assert.Equal(PolicySerializer.ToJson(first.Resources), PolicySerializer.ToJson(second.Resources));
    }

    [Fact]
    public void RoundTrip_RichVirtualService_YamlThenJsonUnchanged()
    {
        AssertRoundTrip(RichVirtualService);
    }

    [Fact]
    public void RoundTrip_EverySupportedKind_YamlThenJsonUnchanged()
    {
        AssertRoundTrip("""
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: reviews}
            spec:
              host: reviews
              trafficPolicy:
                loadBalancer: {consistentHash: {httpCookie: {name: user, ttl: 0s}}}
                connectionPool: {tcp: {maxConnections: 100, connectTimeout: 30ms}}
                outlierDetection: {consecutive5xxErrors: 5, interval: 10s, baseEjectionTime: 30s}
                tls: {mode: ISTIO_MUTUAL}
              subsets:
              - name: v1
                labels: {version: "1.0"}
            ---
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata: {name: httpbin-ext}
            spec:
              hosts: [httpbin.org]
              ports: [{number: 80, name: http, protocol: HTTP}]
              resolution: DNS
              location: MESH_EXTERNAL
            ---
            apiVersion: networking.istio.io/v1
            kind: WorkloadEntry
            metadata: {name: reviews-1}
            spec: {address: 10.0.0.7, ports: {http: 9080}, labels: {app: reviews, version: v1}, serviceAccount: bookinfo-reviews}
            ---
            apiVersion: security.istio.io/v1
            kind: PeerAuthentication
            metadata: {name: default}
            spec: {mtls: {mode: STRICT}}
            ---
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata: {name: allow-nothing}
            spec: {}
            ---
            apiVersion: split.smi-spec.io/v1alpha2
            kind: TrafficSplit
            metadata: {name: split}
            spec: {service: website, backends: [{service: website-v1, weight: 0}, {service: website-v2, weight: 100}]}
            ---
            apiVersion: specs.smi-spec.io/v1alpha4
            kind: HTTPRouteGroup
            metadata: {name: routes}
            spec:
              matches:
              - name: everything
                pathRegex: ".*"
                methods: ["*"]
            ---
            apiVersion: specs.smi-spec.io/v1alpha4
            kind: TCPRoute
            metadata: {name: tcp}
            spec: {matches: {ports: []}}
            """);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("False")]
    [InlineData("null")]
    [InlineData("~")]
    [InlineData("")]
    [InlineData("80")]
    [InlineData("1.0")]
    [InlineData("1.10")]
    [InlineData("-1")]
    [InlineData(".5")]
    [InlineData("1e3")]
    [InlineData("0x1F")]
    [InlineData("yes")]
    [InlineData(" padded ")]
    [InlineData("a: b")]
    [InlineData("# not a comment")]
    [InlineData("*")]
    [InlineData("line\nbreak")]
    public void RoundTrip_StringThatLooksLikeAnotherType_StaysTheSameString(string value)
    {
        var vs = new VirtualService
        {
            ApiVersion = "networking.istio.io/v1",
            Metadata = new ObjectMeta { Name = "reviews", Namespace = "default" },
        };
        vs.Spec.Hosts = ["reviews"];
        vs.Spec.Http =
        [
            new HttpRoute
            {
                Match = [new HttpMatchRequest { Headers = new() { ["x-value"] = new StringMatch { Exact = value } } }],
                Route = [new HttpRouteDestination { Destination = new Destination { Host = "reviews" } }],
            },
        ];

        var reparsed = Parse(PolicySerializer.ToYaml(vs));

        Clean(reparsed);
        var match = Assert.IsType<VirtualService>(Assert.Single(reparsed.Resources)).Spec.Http![0].Match![0];
        Assert.Equal(value, match.Headers!["x-value"].Exact);
    }

    [Fact]
    public void ToYaml_QuotedNumberLabel_WrittenQuoted()
    {
        var dr = ParseSingle<DestinationRule>(TestYaml.DestinationRule("host: reviews\nsubsets:\n- name: v1\n  labels: {version: \"1.10\", enabled: \"true\"}"));

        var yaml = PolicySerializer.ToYaml(dr);

        Assert.Contains("version: \"1.10\"", yaml, StringComparison.Ordinal);
        Assert.Contains("enabled: \"true\"", yaml, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("90m", "1h30m")]
    [InlineData("0.5s", "500ms")]
    [InlineData("60s", "1m")]
    [InlineData("1000ms", "1s")]
    public void ToYamlAndToJson_Duration_WrittenInCanonicalForm(string written, string canonical)
    {
        var vs = ParseSingle<VirtualService>(TestYaml.VirtualService(TestYaml.SimpleRoute + "\n  timeout: " + written));

        var json = JsonNode.Parse(PolicySerializer.ToJson(vs))!;
        var reparsed = ParseSingle<VirtualService>(PolicySerializer.ToYaml(vs));

        Assert.Equal(canonical, (string?)json["spec"]!["http"]![0]!["timeout"]);
        Assert.Equal(vs.Spec.Http![0].Timeout, reparsed.Spec.Http![0].Timeout);
    }

    [Fact]
    public void ToJson_UsesIstioFieldNamesAndEnumSpellings()
    {
        var dr = ParseSingle<DestinationRule>(TestYaml.DestinationRule("""
            host: reviews
            trafficPolicy:
              loadBalancer: {simple: ROUND_ROBIN}
              connectionPool: {http: {http1MaxPendingRequests: 1}}
              outlierDetection: {consecutive5xxErrors: 1}
              tls: {mode: ISTIO_MUTUAL}
            """));

        var policy = PolicySerializer.ToJsonNode(dr)["spec"]!["trafficPolicy"]!;

        Assert.Equal("ROUND_ROBIN", (string?)policy["loadBalancer"]!["simple"]);
        Assert.Equal("ISTIO_MUTUAL", (string?)policy["tls"]!["mode"]);
        Assert.Equal(1, (int?)policy["connectionPool"]!["http"]!["http1MaxPendingRequests"]);
        Assert.Equal(1, (int?)policy["outlierDetection"]!["consecutive5xxErrors"]);
    }

    [Fact]
    public void ToJson_LeavesOutFieldsThatWereNotGiven()
    {
        var dr = ParseSingle<DestinationRule>(TestYaml.DestinationRule("host: reviews"));

        var node = PolicySerializer.ToJsonNode(dr);

        Assert.Equal(["apiVersion", "kind", "metadata", "spec"], node.Select(p => p.Key));
        Assert.Equal(["host"], node["spec"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["name", "namespace"], node["metadata"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void ToJson_OneResource_WritesTheObject()
    {
        var dr = ParseSingle<DestinationRule>(TestYaml.DestinationRule("host: reviews"));

        var node = JsonNode.Parse(PolicySerializer.ToJson([dr]))!;

        Assert.Equal("DestinationRule", (string?)node["kind"]);
    }

    [Fact]
    public void ToJson_SeveralResources_WritesKindListThatParsesBack()
    {
        var first = Parse(RichVirtualService + "\n---\n" + TestYaml.DestinationRule("host: reviews"));
        NoErrors(first);

        var json = PolicySerializer.ToJson(first.Resources);
        var second = PolicyParser.Parse(json, "list.json");

        Assert.Equal("List", (string?)JsonNode.Parse(json)!["kind"]);
        Clean(second);
        Assert.Equal(PolicySerializer.ToJson(first.Resources, indented: false), PolicySerializer.ToJson(second.Resources, indented: false));
    }

    [Fact]
    public void ToYaml_SeveralResources_SeparatesDocuments()
    {
        var result = Parse(RichVirtualService + "\n---\n" + TestYaml.DestinationRule("host: reviews"));

        var yaml = PolicySerializer.ToYaml(result.Resources);

        Assert.Single(yaml.Split('\n'), line => line == "---");
        Assert.StartsWith("apiVersion: networking.istio.io/v1beta1\nkind: VirtualService\n", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void ToYaml_RouteGroupHeadersWrittenAsList_ComeOutAsMap()
    {
        var group = ParseSingle<HttpRouteGroup>(TestYaml.Resource("specs.smi-spec.io/v1alpha4", "HTTPRouteGroup", "matches:\n- name: m\n  headers:\n  - user-agent: x\n  - client-app: bookbuyer"));

        var yaml = PolicySerializer.ToYaml(group);

        Assert.Contains("    headers:\n      user-agent: x\n      client-app: bookbuyer\n", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void ToYaml_EmptySpec_WrittenAsEmptyMap()
    {
        var ap = Assert.Single(Parse("apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: allow-nothing}\nspec: {}\n").Resources);

        Assert.EndsWith("spec: {}\n", PolicySerializer.ToYaml(ap), StringComparison.Ordinal);
    }
}

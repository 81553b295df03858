using Mesh.Policy.Resources.Security;
using static Mesh.Policy.Tests.PolicyAssert;

namespace Mesh.Policy.Tests;

public class SecurityValidationTests
{
    private static string Peer(string spec) => TestYaml.Resource("security.istio.io/v1", "PeerAuthentication", spec, name: "default");

    private static string Authz(string spec) => TestYaml.Resource("security.istio.io/v1", "AuthorizationPolicy", spec, name: "policy");

    [Fact]
    public void Parse_PeerAuthenticationWithPortLevelMode_BindsModes()
    {
        var pa = ParseSingle<PeerAuthentication>(Peer("""
            selector:
              matchLabels:
                app: httpbin
            mtls:
              mode: STRICT
            portLevelMtls:
              8080:
                mode: DISABLE
            """));

        Assert.Equal("httpbin", pa.Spec.Selector!.MatchLabels!["app"]);
        Assert.Equal(MutualTlsMode.Strict, pa.Spec.Mtls!.Mode);
        Assert.Equal(MutualTlsMode.Disable, pa.Spec.PortLevelMtls!["8080"].Mode);
    }

    [Fact]
    public void Parse_UnknownMtlsMode_ListsModes()
    {
        Refused(Peer("mtls:\n  mode: ON"), "spec.mtls.mode", "unknown value \"ON\"; expected one of UNSET, DISABLE, PERMISSIVE, STRICT");
    }

    [Fact]
    public void Parse_PortLevelMtlsWithoutSelector_Reported()
    {
        Refused(Peer("portLevelMtls:\n  8080:\n    mode: DISABLE"), "spec.portLevelMtls", "needs a workload selector");
    }

    [Fact]
    public void Parse_PortLevelMtlsKeyNotAPort_Reported()
    {
        Refused(Peer("selector:\n  matchLabels: {app: httpbin}\nportLevelMtls:\n  http:\n    mode: DISABLE"), "spec.portLevelMtls.http", "\"http\" is not a port number (1-65535)");
    }

    [Fact]
    public void Parse_AuthorizationPolicyWithEmptySpec_AcceptedAsAllowNothing()
    {
        var ap = ParseSingle<AuthorizationPolicy>(Authz("{}"));

        Assert.Null(ap.Spec.Rules);
        Assert.Null(ap.Spec.Action);
    }

    [Fact]
    public void Parse_AuthorizationPolicyWithoutSpec_AcceptedAsAllowNothing()
    {
        var ap = ParseSingle<AuthorizationPolicy>("apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: allow-nothing}\n");

        Assert.Null(ap.Spec.Rules);
    }

    [Fact]
    public void Parse_AuthorizationPolicyRules_BindsSourcesOperationsAndConditions()
    {
        var ap = ParseSingle<AuthorizationPolicy>(Authz("""
            selector:
              matchLabels:
                app: details
            action: ALLOW
            rules:
            - from:
              - source:
                  principals: ["cluster.local/ns/default/sa/bookinfo-productpage"]
                  namespaces: [default]
              to:
              - operation:
                  methods: ["GET"]
                  paths: ["/details/*"]
                  ports: ["9080"]
              when:
              - key: request.headers[version]
                values: ["v1", "v2"]
            """));

        var rule = Assert.Single(ap.Spec.Rules!);
        Assert.Equal(AuthorizationAction.Allow, ap.Spec.Action);
        Assert.Equal(["cluster.local/ns/default/sa/bookinfo-productpage"], rule.From![0].Source!.Principals!);
        Assert.Equal(["GET"], rule.To![0].Operation!.Methods!);
        Assert.Equal(["/details/*"], rule.To[0].Operation!.Paths!);
        Assert.Equal("request.headers[version]", rule.When![0].Key);
    }

    [Fact]
    public void Parse_CustomAction_NotSupported()
    {
        Refused(Authz("action: CUSTOM\nrules:\n- to:\n  - operation: {paths: [/admin]}"), "spec.action", "CUSTOM is not supported by Mesh; use ALLOW or DENY");
    }

    [Fact]
    public void Parse_UnknownAction_ListsActions()
    {
        Refused(Authz("action: PERMIT"), "spec.action", "unknown value \"PERMIT\"; expected one of ALLOW, DENY, AUDIT, CUSTOM");
    }

    [Fact]
    public void Parse_DenyWithoutRules_Warns()
    {
        var result = Parse(Authz("action: DENY"));

        NoErrors(result);
        Warning(result.Diagnostics, "spec.rules", "a DENY policy without rules matches nothing");
    }

    [Theory]
    [InlineData("methods: [get]", "spec.rules[0].to[0].operation.methods[0]", "\"get\" is not an HTTP method (write it in upper case")]
    [InlineData("paths: [\"/a*/b*\"]", "spec.rules[0].to[0].operation.paths[0]", "\"/a*/b*\" is not a valid path")]
    [InlineData("paths: [\"/a*b\"]", "spec.rules[0].to[0].operation.paths[0]", "\"/a*b\" is not a valid path")]
    [InlineData("ports: [http]", "spec.rules[0].to[0].operation.ports[0]", "\"http\" is not a port number")]
    [InlineData("notPorts: [\"0\"]", "spec.rules[0].to[0].operation.notPorts[0]", "\"0\" is not a port number")]
    public void Parse_BadOperation_Reported(string operation, string path, string message)
    {
        Refused(Authz("rules:\n- to:\n  - operation:\n      " + operation), path, message);
    }

    [Theory]
    [InlineData("ipBlocks: [\"10.0.0.0/33\"]", "spec.rules[0].from[0].source.ipBlocks[0]", "\"10.0.0.0/33\" is not an IP address or CIDR range")]
    [InlineData("notIpBlocks: [\"example.com\"]", "spec.rules[0].from[0].source.notIpBlocks[0]", "is not an IP address or CIDR range")]
    [InlineData("requestPrincipals: [\"*\"]", "spec.rules[0].from[0].source.requestPrincipals", "not supported by Mesh: end-user JWT authentication is not implemented")]
    [InlineData("notRequestPrincipals: [\"*\"]", "spec.rules[0].from[0].source.notRequestPrincipals", "not supported by Mesh: end-user JWT authentication is not implemented")]
    public void Parse_BadSource_Reported(string source, string path, string message)
    {
        Refused(Authz("rules:\n- from:\n  - source:\n      " + source), path, message);
    }

    [Fact]
    public void Parse_IpBlocksAndAddresses_Accepted()
    {
        var ap = ParseSingle<AuthorizationPolicy>(Authz("rules:\n- from:\n  - source:\n      ipBlocks: [\"10.0.0.0/8\", \"192.168.1.7\", \"fd00::/8\"]"));

        Assert.Equal(3, ap.Spec.Rules![0].From![0].Source!.IpBlocks!.Count);
    }

    [Theory]
    [InlineData("key: request.auth.claims[iss]\n  values: [x]", "spec.rules[0].when[0].key", "\"request.auth.claims[iss]\" is not supported by Mesh")]
    [InlineData("key: request.colour\n  values: [x]", "spec.rules[0].when[0].key", "unknown condition key \"request.colour\"")]
    [InlineData("key: source.ip", "spec.rules[0].when[0]", "set values or notValues")]
    public void Parse_BadCondition_Reported(string condition, string path, string message)
    {
        Refused(Authz("rules:\n- when:\n  - " + condition), path, message);
    }

    [Fact]
    public void Parse_TargetRef_NotSupportedUseSelector()
    {
        Refused(Authz("targetRef:\n  kind: Gateway\n  group: gateway.networking.k8s.io\n  name: httpbin-gateway\naction: DENY\nrules:\n- to:\n  - operation: {paths: [/headers]}"), "spec.targetRef", "not supported by Mesh: gateways are not part of Mesh; use selector");
    }

    [Fact]
    public void Parse_FromWithoutSource_Reported()
    {
        Refused(Authz("rules:\n- from:\n  - {}"), "spec.rules[0].from[0].source", "required field is missing");
    }
}

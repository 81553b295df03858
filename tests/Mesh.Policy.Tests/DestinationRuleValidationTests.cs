using Mesh.Policy.Resources.Networking;
using static Mesh.Policy.Tests.PolicyAssert;

namespace Mesh.Policy.Tests;

public class DestinationRuleValidationTests
{
    private static string Policy(string trafficPolicy) =>
        TestYaml.DestinationRule("host: reviews\ntrafficPolicy:\n" + TestYaml.Indent(trafficPolicy));

    [Fact]
    public void Parse_FullTrafficPolicy_BindsTypedValues()
    {
        var dr = ParseSingle<DestinationRule>(TestYaml.DestinationRule("""
            host: reviews.bookinfo.svc.cluster.local
            trafficPolicy:
              loadBalancer:
                simple: LEAST_REQUEST
              connectionPool:
                tcp:
                  maxConnections: 1
                  connectTimeout: 30ms
                http:
                  http1MaxPendingRequests: 1
                  maxRequestsPerConnection: 1
                  h2UpgradePolicy: DO_NOT_UPGRADE
              outlierDetection:
                consecutive5xxErrors: 1
                interval: 1s
                baseEjectionTime: 3m
                maxEjectionPercent: 100
              tls:
                mode: ISTIO_MUTUAL
            subsets:
            - name: v1
              labels:
                version: v1
            - name: v2
              labels:
                version: v2
              trafficPolicy:
                loadBalancer:
                  consistentHash:
                    httpHeaderName: x-user
            """));

        var policy = dr.Spec.TrafficPolicy!;
        Assert.Equal(SimpleLoadBalancer.LeastRequest, policy.LoadBalancer!.Simple);
        Assert.Equal(1, policy.ConnectionPool!.Tcp!.MaxConnections);
        Assert.Equal(TimeSpan.FromMilliseconds(30), policy.ConnectionPool.Tcp.ConnectTimeout!.Value.Value);
        Assert.Equal(1, policy.ConnectionPool.Http!.Http1MaxPendingRequests);
        Assert.Equal(H2UpgradePolicy.DoNotUpgrade, policy.ConnectionPool.Http.H2UpgradePolicy);
        Assert.Equal(1, policy.OutlierDetection!.Consecutive5xxErrors);
        Assert.Equal(TimeSpan.FromMinutes(3), policy.OutlierDetection.BaseEjectionTime!.Value.Value);
        Assert.Equal(100, policy.OutlierDetection.MaxEjectionPercent);
        Assert.Equal(TlsMode.IstioMutual, policy.Tls!.Mode);
        Assert.Equal(["v1", "v2"], dr.Spec.Subsets!.Select(s => s.Name));
        Assert.Equal("x-user", dr.Spec.Subsets![1].TrafficPolicy!.LoadBalancer!.ConsistentHash!.HttpHeaderName);
    }

    [Fact]
    public void Parse_UnknownLoadBalancer_ListsAllowedValues()
    {
        var error = Refused(Policy("loadBalancer:\n  simple: FASTEST"), "spec.trafficPolicy.loadBalancer.simple", "unknown value \"FASTEST\"; expected one of ");

        Assert.Contains("ROUND_ROBIN", error.Message, StringComparison.Ordinal);
        Assert.Contains("LEAST_REQUEST", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EnumValueInWrongCase_Reported()
    {
        Refused(Policy("loadBalancer:\n  simple: round_robin"), "spec.trafficPolicy.loadBalancer.simple", "unknown value \"round_robin\"");
    }

    [Fact]
    public void Parse_UnknownTlsMode_ListsAllowedValues()
    {
        Refused(Policy("tls:\n  mode: MTLS"), "spec.trafficPolicy.tls.mode", "unknown value \"MTLS\"; expected one of DISABLE, SIMPLE, MUTUAL, ISTIO_MUTUAL");
    }

    [Fact]
    public void Parse_EnumGivenAsNumber_Reported()
    {
        Refused(Policy("tls:\n  mode: 2"), "spec.trafficPolicy.tls.mode", "unknown value 2");
    }

    [Fact]
    public void Parse_PassthroughLoadBalancer_NotSupported()
    {
        Refused(Policy("loadBalancer:\n  simple: PASSTHROUGH"), "spec.trafficPolicy.loadBalancer.simple", "PASSTHROUGH is not supported by Mesh");
    }

    [Fact]
    public void Parse_SimpleAndConsistentHash_Reported()
    {
        Refused(Policy("loadBalancer:\n  simple: RANDOM\n  consistentHash: {useSourceIp: true}"), "spec.trafficPolicy.loadBalancer", "set only one of simple or consistentHash");
    }

    [Fact]
    public void Parse_ConsistentHashWithTwoKeys_Reported()
    {
        Refused(Policy("loadBalancer:\n  consistentHash:\n    httpHeaderName: x-user\n    useSourceIp: true"), "spec.trafficPolicy.loadBalancer.consistentHash", "set exactly one of httpHeaderName, httpCookie, useSourceIp or httpQueryParameterName");
    }

    [Fact]
    public void Parse_MaglevTableSizeNotPrime_Reported()
    {
        Refused(Policy("loadBalancer:\n  consistentHash:\n    useSourceIp: true\n    maglev: {tableSize: 1000}"), "spec.trafficPolicy.loadBalancer.consistentHash.maglev.tableSize", "1000 must be a prime number");
    }

    [Fact]
    public void Parse_LocalityLbSetting_NotSupported()
    {
        Refused(Policy("loadBalancer:\n  simple: ROUND_ROBIN\n  localityLbSetting: {enabled: true}"), "spec.trafficPolicy.loadBalancer.localityLbSetting", "not supported by Mesh: locality-aware load balancing is not implemented");
    }

    [Fact]
    public void Parse_DeprecatedConsecutiveErrors_NotSupportedWithReplacement()
    {
        Refused(Policy("outlierDetection:\n  consecutiveErrors: 5"), "spec.trafficPolicy.outlierDetection.consecutiveErrors", "use consecutive5xxErrors");
    }

    [Theory]
    [InlineData("outlierDetection:\n  maxEjectionPercent: 150", "spec.trafficPolicy.outlierDetection.maxEjectionPercent", "150 is outside 0-100")]
    [InlineData("outlierDetection:\n  minHealthPercent: -5", "spec.trafficPolicy.outlierDetection.minHealthPercent", "-5 is outside 0-100")]
    [InlineData("outlierDetection:\n  consecutive5xxErrors: -1", "spec.trafficPolicy.outlierDetection.consecutive5xxErrors", "-1 must be zero or more")]
    [InlineData("outlierDetection:\n  interval: 0s", "spec.trafficPolicy.outlierDetection.interval", "must be at least 1ms")]
    [InlineData("connectionPool:\n  tcp: {maxConnections: -1}", "spec.trafficPolicy.connectionPool.tcp.maxConnections", "-1 must be zero or more")]
    [InlineData("connectionPool:\n  tcp: {connectTimeout: 0s}", "spec.trafficPolicy.connectionPool.tcp.connectTimeout", "must be greater than zero")]
    [InlineData("connectionPool:\n  http: {http2MaxRequests: -3}", "spec.trafficPolicy.connectionPool.http.http2MaxRequests", "-3 must be zero or more")]
    [InlineData("retryBudget:\n  percent: {value: 120}", "spec.trafficPolicy.retryBudget.percent.value", "120 is outside 0-100")]
    public void Parse_OutOfRangeLimits_Reported(string trafficPolicy, string path, string message)
    {
        Refused(Policy(trafficPolicy), path, message);
    }

    [Fact]
    public void Parse_MutualTlsWithoutCertificates_Reported()
    {
        Refused(Policy("tls:\n  mode: MUTUAL"), "spec.trafficPolicy.tls", "mode MUTUAL needs clientCertificate and privateKey (or credentialName)");
    }

    [Fact]
    public void Parse_IstioMutualWithCertificates_Reported()
    {
        Refused(Policy("tls:\n  mode: ISTIO_MUTUAL\n  clientCertificate: /etc/certs/cert.pem"), "spec.trafficPolicy.tls", "certificate fields are not allowed with mode ISTIO_MUTUAL");
    }

    [Fact]
    public void Parse_DuplicateSubsetName_Reported()
    {
        Refused(TestYaml.DestinationRule("""
            host: reviews
            subsets:
            - name: v1
              labels: {version: v1}
            - name: v1
              labels: {version: v2}
            """), "spec.subsets[1].name", "subset \"v1\" is defined more than once");
    }

    [Fact]
    public void Parse_SubsetWithoutName_Reported()
    {
        Refused(TestYaml.DestinationRule("host: reviews\nsubsets:\n- labels: {version: v1}"), "spec.subsets[0].name", "required field is missing");
    }

    [Fact]
    public void Parse_InvalidSubsetLabelValue_Reported()
    {
        Refused(TestYaml.DestinationRule("host: reviews\nsubsets:\n- name: v1\n  labels: {version: \"v 1\"}"), "spec.subsets[0].labels.version", "invalid label value \"v 1\"");
    }

    [Fact]
    public void Parse_MissingHost_Reported()
    {
        Refused(TestYaml.DestinationRule("subsets:\n- name: v1\n  labels: {version: v1}"), "spec.host", "required field is missing");
    }

    [Fact]
    public void Parse_WorkloadSelector_NotSupported()
    {
        Refused(TestYaml.DestinationRule("host: reviews\nworkloadSelector:\n  matchLabels: {app: productpage}"), "spec.workloadSelector", "not supported by Mesh: DestinationRules apply to every caller in Mesh");
    }

    [Fact]
    public void Parse_PortLevelSettings_BindsPerPortPolicy()
    {
        var dr = ParseSingle<DestinationRule>(Policy("""
            portLevelSettings:
            - port: {number: 443}
              tls: {mode: SIMPLE}
            - port: {number: 80}
              loadBalancer: {simple: RANDOM}
            """));

        var ports = dr.Spec.TrafficPolicy!.PortLevelSettings!;
        Assert.Equal([443, 80], ports.Select(p => p.Port!.Number));
        Assert.Equal(TlsMode.Simple, ports[0].Tls!.Mode);
        Assert.Equal(SimpleLoadBalancer.Random, ports[1].LoadBalancer!.Simple);
    }

    [Fact]
    public void Parse_PortLevelSettingsForSamePortTwice_Reported()
    {
        Refused(Policy("""
            portLevelSettings:
            - port: {number: 443}
              tls: {mode: SIMPLE}
            - port: {number: 443}
              tls: {mode: DISABLE}
            """), "spec.trafficPolicy.portLevelSettings[1].port.number", "port 443 has more than one setting");
    }

    [Fact]
    public void Parse_PortLevelSettingWithoutPort_Reported()
    {
        Refused(Policy("portLevelSettings:\n- tls: {mode: SIMPLE}"), "spec.trafficPolicy.portLevelSettings[0].port", "required field is missing");
    }

    [Fact]
    public void Parse_PortOutOfRange_Reported()
    {
        Refused(Policy("portLevelSettings:\n- port: {number: 70000}\n  tls: {mode: SIMPLE}"), "spec.trafficPolicy.portLevelSettings[0].port.number", "70000 is not a port number (1-65535)");
    }
}

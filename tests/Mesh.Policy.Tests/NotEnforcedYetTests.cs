using Mesh.Policy.Validation;

namespace Mesh.Policy.Tests;

public class NotEnforcedYetTests
{
    [Fact]
    public void Parse_IstioMutualDestinationRule_AcceptedWithANotEnforcedWarning()
    {
        var result = PolicyAssert.Parse("""
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata:
              name: reviews
            spec:
              host: reviews
              trafficPolicy:
                tls:
                  mode: ISTIO_MUTUAL
            """);

        PolicyAssert.NoErrors(result);
        var warning = PolicyAssert.Warning(result.Diagnostics, "spec.trafficPolicy.tls.mode", "plaintext");
        Assert.Equal(PolicyDiagnostic.NotEnforcedCode, warning.Code);
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
}

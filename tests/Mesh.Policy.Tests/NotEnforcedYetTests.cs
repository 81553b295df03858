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
}

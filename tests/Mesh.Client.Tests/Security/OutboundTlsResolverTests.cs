using Mesh.Client.Balancing;
using Mesh.Client.Security;
using Mesh.Policy.Resources.Networking;

namespace Mesh.Client.Tests.Security;

/// <summary>How a workload secures a connection to an endpoint: the DestinationRule's tls.mode, else auto-mTLS.</summary>
public class OutboundTlsResolverTests
{
    private static readonly EndpointState Meshed = new("10.0.0.1", 9080, new Dictionary<string, string> { ["app"] = "reviews", [OutboundTlsResolver.TlsModeLabel] = "istio" }, "bookinfo-reviews", @namespace: "bookinfo");
    private static readonly EndpointState Unmeshed = new("10.0.0.2", 9080, new Dictionary<string, string> { ["app"] = "reviews" }, "bookinfo-reviews", @namespace: "bookinfo");
    private static readonly OutboundTlsResolver Auto = OutboundTlsResolver.None;

    [Fact]
    public void Resolve_NoTlsSettingMeshWorkload_AutoMtlsExpectingTheEndpointsIdentity()
    {
        var tls = Auto.Resolve(null, Meshed, "reviews.bookinfo.svc.cluster.local", external: false);

        Assert.Equal(OutboundTlsMode.MeshAuto, tls.Mode);
        Assert.Equal(("bookinfo", "bookinfo-reviews"), (tls.ExpectedNamespace, tls.ExpectedServiceAccount));
        Assert.Equal("reviews.bookinfo.svc.cluster.local", tls.Sni);
    }

    [Fact]
    public void Resolve_NoTlsSettingEndpointWithoutTheLabel_Plaintext() =>
        Assert.Equal(OutboundTlsMode.Plaintext, Auto.Resolve(null, Unmeshed, "reviews.bookinfo.svc.cluster.local", false).Mode);

    [Fact]
    public void Resolve_NoTlsSettingExternalHost_Plaintext() =>
        Assert.Equal(OutboundTlsMode.Plaintext, Auto.Resolve(null, Meshed, "api.example.com", external: true).Mode);

    [Fact]
    public void Resolve_DestinationDisablesMtls_AutoMtlsSendsPlaintext()
    {
        var resolver = new OutboundTlsResolver(PeerAuthenticationResolverTests.Resolver(
            PeerAuthenticationResolverTests.Policy("reviews", "bookinfo", "DISABLE", selector: "reviews")));

        Assert.Equal(OutboundTlsMode.Plaintext, resolver.Resolve(null, Meshed, "reviews.bookinfo.svc.cluster.local", false).Mode);
    }

    [Fact]
    public void Resolve_DestinationDisablesMtlsOnAnotherPort_StillMtls()
    {
        var resolver = new OutboundTlsResolver(PeerAuthenticationResolverTests.Resolver(
            PeerAuthenticationResolverTests.Policy("reviews", "bookinfo", "STRICT", selector: "reviews", ports: "8080: {mode: DISABLE}")));

        Assert.Equal(OutboundTlsMode.MeshAuto, resolver.Resolve(null, Meshed, "reviews.bookinfo.svc.cluster.local", false).Mode);
    }

    [Theory]
    [InlineData(TlsMode.IstioMutual, "MeshRequired")]
    [InlineData(TlsMode.Disable, "Plaintext")]
    [InlineData(TlsMode.Simple, "Simple")]
    [InlineData(TlsMode.Mutual, "Mutual")]
    public void Resolve_ExplicitMode_Wins(TlsMode mode, string expected) =>
        Assert.Equal(Enum.Parse<OutboundTlsMode>(expected), Auto.Resolve(new ClientTlsSettings { Mode = mode, ClientCertificate = "c.pem", PrivateKey = "k.pem" }, Unmeshed, "reviews", false).Mode);

    [Fact]
    public void Resolve_IstioMutualWithoutServiceAccount_ExpectsTheDefaultAccount() =>
        Assert.Equal("default", Auto.Resolve(new ClientTlsSettings { Mode = TlsMode.IstioMutual }, new EndpointState("10.0.0.3", 80, new Dictionary<string, string>()), "x", false).ExpectedServiceAccount);

    [Fact]
    public void Resolve_SimpleWithSni_UsesItAndKeysThePoolByIt()
    {
        var withSni = Auto.Resolve(new ClientTlsSettings { Mode = TlsMode.Simple, Sni = "edge.example.com" }, Unmeshed, "api.example.com", true);
        var without = Auto.Resolve(new ClientTlsSettings { Mode = TlsMode.Simple }, Unmeshed, "api.example.com", true);

        Assert.Equal("edge.example.com", withSni.Sni);
        Assert.Equal("api.example.com", without.Sni);
        Assert.NotEqual(withSni.Key, without.Key);
    }
}

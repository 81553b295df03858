using Mesh.Client.Identity;
using Mesh.Client.Security;
using Mesh.Testing;

namespace Mesh.Client.Tests.Security;

/// <summary>What a pool's TLS connector can say about the peer its connections proved (the caller's destination_principal).</summary>
public class OutboundTlsConnectorTests
{
    private const string Reviews = "spiffe://cluster.local/ns/default/sa/reviews";
    private static readonly OutboundTls AutoMtls = new() { Mode = OutboundTlsMode.MeshAuto, Sni = "reviews.default.svc.cluster.local", ExpectedNamespace = "default", ExpectedServiceAccount = "reviews" };

    [Fact]
    public async Task AfterAPlaintextConnection_ThePeerIsUnknownForTheConnectionLifetimeAndAMinute_ThenKnown()
    {
        var time = new FakeTimeProvider();
        var identity = new WorkloadIdentity();
        var connector = new OutboundTlsConnector(AutoMtls, new WorkloadTls(identity), time);
        using var ca = TestCertificateAuthority.Create();

        await using var plaintext = new MemoryStream();
        Assert.Same(plaintext, await connector.ConnectAsync(plaintext, CancellationToken.None)); // no identity yet
        identity.Publish(ca.Issue("default", "caller"));

        Assert.Null(connector.PeerPrincipal);
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Null(connector.PeerPrincipal); // the plaintext connection may still be serving
        time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(Reviews, connector.PeerPrincipal);
    }

    [Fact]
    public void WithoutAnIdentity_OrForOrigination_NoPrincipal()
    {
        var identity = new WorkloadIdentity();
        var mesh = new OutboundTlsConnector(AutoMtls, new WorkloadTls(identity), new FakeTimeProvider());
        var origination = new OutboundTlsConnector(new OutboundTls { Mode = OutboundTlsMode.Simple, Sni = "api.example.com" }, new WorkloadTls(identity), new FakeTimeProvider());
        using var ca = TestCertificateAuthority.Create();

        Assert.Null(mesh.PeerPrincipal);
        identity.Publish(ca.Issue("default", "caller"));
        Assert.Equal(Reviews, mesh.PeerPrincipal);
        Assert.Null(origination.PeerPrincipal);
    }
}

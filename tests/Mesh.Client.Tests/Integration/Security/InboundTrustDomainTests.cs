using System.Net;
using Mesh.Policy.Resources.Security;
using static Mesh.Client.Tests.Integration.Security.SecureMesh;

namespace Mesh.Client.Tests.Integration.Security;

/// <summary>
/// A certificate that chains to the mesh's own roots but names a workload of another trust domain is refused in the
/// handshake, on the same connection setup that admits the same CA's certificate for this trust domain.
/// </summary>
public class InboundTrustDomainTests
{
    [Fact]
    public async Task Strict_MeshSignedCertificateOfAnotherTrustDomain_IsRefusedInTheHandshake()
    {
        await using var mesh = await StartAsync(PeerAuthentication("default", "istio-system", "STRICT"));
        await mesh.WaitUntilAsync(() => mesh.BackendMode == MutualTlsMode.Strict, "STRICT never applied");
        using var own = RawClient(mesh.Ca.Issue("default", "caller").Certificate, mesh.Ca.Bundle());
        using var foreign = RawClient(mesh.Ca.Issue("default", "caller", trustDomain: "elsewhere.example").Certificate, mesh.Ca.Bundle());

        // The positive control first: the same raw client setup with this trust domain's identity is served.
        using (var response = await own.GetAsync(mesh.Tls))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(CallerPrincipal, Header(response, "x-peer-principal"));
        }

        var served = mesh.Backend.Behavior.Requests;
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => foreign.GetAsync(mesh.Tls));

        Assert.Equal(served, mesh.Backend.Behavior.Requests);
        Assert.Equal(1, served);
        Assert.NotNull(refused.InnerException); // the connection ended in the handshake, not with an HTTP answer
    }

    [Fact]
    public async Task Permissive_MeshSignedCertificateOfAnotherTrustDomain_IsRefusedToo()
    {
        await using var mesh = await StartAsync(PeerAuthentication("default", "istio-system", "PERMISSIVE"));
        await mesh.WaitUntilAsync(() => mesh.BackendMode == MutualTlsMode.Permissive, "PERMISSIVE never applied");
        using var foreign = RawClient(mesh.Ca.Issue("default", "caller", trustDomain: "elsewhere.example").Certificate, mesh.Ca.Bundle());

        await Assert.ThrowsAsync<HttpRequestException>(() => foreign.GetAsync(mesh.Tls));

        Assert.Equal(0, mesh.Backend.Behavior.Requests);
    }
}

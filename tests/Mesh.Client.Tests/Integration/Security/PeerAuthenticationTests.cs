using System.Net;
using Mesh.Policy.Resources.Security;
using Mesh.Testing;
using static Mesh.Client.Tests.Integration.Security.SecureMesh;

namespace Mesh.Client.Tests.Integration.Security;

/// <summary>Inbound PeerAuthentication over real sockets: a real Kestrel backend, a meshed caller, a test CA.</summary>
public class PeerAuthenticationTests
{
    [Fact]
    public async Task Strict_RefusesPlaintextAndAForeignCertificate_AcceptsAMeshIdentity()
    {
        await using var mesh = await StartAsync(PeerAuthentication("default", "istio-system", "PERMISSIVE"));
        using var foreignCa = TestCertificateAuthority.Create("Foreign Root");
        var foreignCertificate = foreignCa.Issue("default", "caller").Certificate;
        var meshCertificate = mesh.Ca.Issue("default", "sleep").Certificate;

        // Positive control: the plaintext setup is served while the mode allows it (a fresh client per call, since a
        // connection accepted before STRICT is not closed by it).
        using var plainBefore = RawClient();
        using var servedBefore = await plainBefore.GetAsync(mesh.Plain);

        await mesh.ApplyAsync(PeerAuthentication("default", "istio-system", "STRICT"), MutualTlsMode.Strict);
        using var plain = RawClient();
        using var foreign = RawClient(foreignCertificate, mesh.Ca.Bundle());
        using var sameSetupMeshCertificate = RawClient(meshCertificate, mesh.Ca.Bundle());
        var plainRefused = await Assert.ThrowsAsync<HttpRequestException>(() => plain.GetAsync(mesh.Plain));
        var foreignRefused = await Assert.ThrowsAsync<HttpRequestException>(() => foreign.GetAsync(mesh.Tls));
        var requestsAfterRefusals = mesh.Backend.Behavior.Requests;

        // Positive control of the foreign certificate: the same TLS setup with a mesh certificate is served.
        using var servedMeshCertificate = await sameSetupMeshCertificate.GetAsync(mesh.Tls);
        using var response = await mesh.Client.Http.GetAsync(new Uri("http://reviews:9080/strict"));

        Assert.Equal(HttpStatusCode.OK, servedBefore.StatusCode);
        // The server accepted the connection and closed it without an answer: STRICT's refusal, not a port that is
        // closed (ConnectionError) or a server certificate the client rejects (SecureConnectionError).
        Assert.Equal(HttpRequestError.ResponseEnded, plainRefused.HttpRequestError);
        Assert.Equal(HttpRequestError.ResponseEnded, foreignRefused.HttpRequestError);
        Assert.Equal(1, requestsAfterRefusals); // only the positive control before STRICT reached the application
        Assert.Equal(HttpStatusCode.OK, servedMeshCertificate.StatusCode);
        Assert.Equal("cluster.local/ns/default/sa/sleep", Header(servedMeshCertificate, "x-peer-principal"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(CallerPrincipal, Header(response, "x-peer-principal"));
        Assert.Equal("reviews:9080", Header(response, "x-seen-host")); // the service's authority, over mTLS too
        Assert.Equal(3, mesh.Backend.Behavior.Requests);
    }

    [Fact]
    public async Task Strict_CertificatesIssuedByAnIntermediate_ChainToTheRootInTheBundle()
    {
        await using var mesh = await StartAsync(PeerAuthentication("default", "istio-system", "STRICT"), intermediate: true);
        await mesh.WaitUntilAsync(() => mesh.BackendMode == MutualTlsMode.Strict, "STRICT never applied");

        using var response = await mesh.Client.Http.GetAsync(new Uri("http://reviews:9080/"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(CallerPrincipal, Header(response, "x-peer-principal"));
    }

    [Fact]
    public async Task Permissive_AcceptsPlaintextAndMtlsOnTheSamePort()
    {
        await using var mesh = await StartAsync(PeerAuthentication("default", "default", "PERMISSIVE"));
        using var plain = RawClient();
        using var meshCertificate = RawClient(mesh.Ca.Issue("default", "sleep").Certificate, mesh.Ca.Bundle());

        using var plaintext = await plain.GetAsync(mesh.Plain);
        using var mtls = await mesh.Client.Http.GetAsync(new Uri("http://reviews:9080/"));
        using var http2 = await meshCertificate.SendAsync(new HttpRequestMessage(HttpMethod.Get, mesh.Tls) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact });

        Assert.Equal(HttpStatusCode.OK, plaintext.StatusCode);
        Assert.Null(Header(plaintext, "x-peer-principal"));
        Assert.Equal("http", Header(plaintext, "x-seen-scheme"));
        Assert.Equal(HttpStatusCode.OK, mtls.StatusCode);
        Assert.Equal(CallerPrincipal, Header(mtls, "x-peer-principal"));
        Assert.Equal("https", Header(mtls, "x-seen-scheme")); // the application sees an HTTPS connection
        Assert.Equal(HttpVersion.Version20, http2.Version); // h2 chosen by ALPN on the mesh's own handshake
        Assert.Equal("cluster.local/ns/default/sa/sleep", Header(http2, "x-peer-principal"));
    }

    [Fact]
    public async Task Disable_OffersNoTls_AutoMtlsCallersSendPlaintext()
    {
        await using var mesh = await StartAsync(PeerAuthentication("reviews", "default", "DISABLE", selector: "reviews"));
        await mesh.WaitUntilAsync(() => mesh.BackendMode == MutualTlsMode.Disable, "DISABLE never applied");
        using var plain = RawClient();
        using var meshCertificate = RawClient(mesh.Ca.Issue("default", "sleep").Certificate, mesh.Ca.Bundle());

        using var plaintext = await plain.GetAsync(mesh.Plain);
        await Assert.ThrowsAsync<HttpRequestException>(() => meshCertificate.GetAsync(mesh.Tls));
        using var auto = await mesh.Client.Http.GetAsync(new Uri("http://reviews:9080/"));

        Assert.Equal(HttpStatusCode.OK, plaintext.StatusCode);
        Assert.Equal(HttpStatusCode.OK, auto.StatusCode); // the caller saw DISABLE in the destination's policy
        Assert.Null(Header(auto, "x-peer-principal"));
    }

    [Fact]
    public async Task Precedence_WorkloadOverNamespaceOverMesh_PortLevelOverWorkload()
    {
        await using var mesh = await StartAsync();
        using var plain = RawClient();
        var meshWide = PeerAuthentication("default", "istio-system", "STRICT");
        var namespaceWide = PeerAuthentication("default", "default", "PERMISSIVE");
        var workload = PeerAuthentication("reviews", "default", "DISABLE", selector: "reviews");
        var port = PeerAuthentication("reviews", "default", "DISABLE", selector: "reviews", portLevel: $"{mesh.Backend.Port}: {{mode: STRICT}}");

        await mesh.ApplyAsync(meshWide, MutualTlsMode.Strict);
        var meshWideRefused = await Refused(plain, mesh.Plain);
        await mesh.ApplyAsync(meshWide + "\n---\n" + namespaceWide, MutualTlsMode.Permissive);
        var namespaceRefused = await Refused(plain, mesh.Plain);
        using var namespaceMtls = await mesh.Client.Http.GetAsync(new Uri("http://reviews:9080/"));
        await mesh.ApplyAsync(meshWide + "\n---\n" + namespaceWide + "\n---\n" + workload, MutualTlsMode.Disable);
        var workloadRefused = await Refused(plain, mesh.Plain);
        await mesh.ApplyAsync(meshWide + "\n---\n" + namespaceWide + "\n---\n" + port, MutualTlsMode.Strict);
        var portRefused = await Refused(plain, mesh.Plain);
        using var portMtls = await mesh.Client.Http.GetAsync(new Uri("http://reviews:9080/"));

        Assert.True(meshWideRefused, "mesh-wide STRICT accepted plaintext");
        Assert.False(namespaceRefused, "namespace PERMISSIVE (over mesh STRICT) refused plaintext");
        Assert.Equal(CallerPrincipal, Header(namespaceMtls, "x-peer-principal"));
        Assert.False(workloadRefused, "workload DISABLE refused plaintext");
        Assert.True(portRefused, "port-level STRICT (over workload DISABLE) accepted plaintext");
        Assert.Equal(CallerPrincipal, Header(portMtls, "x-peer-principal"));
    }

    [Fact]
    public async Task Strict_WorkloadWithoutIdentity_FailsClosed()
    {
        await using var mesh = await StartAsync(PeerAuthentication("default", "istio-system", "STRICT"));
        await mesh.WaitUntilAsync(() => mesh.BackendMode == MutualTlsMode.Strict, "STRICT never applied");
        mesh.Backend.PublishIdentity(null);
        using var plain = RawClient();

        Assert.True(await Refused(plain, mesh.Plain));
        Assert.Equal(0, mesh.Backend.Behavior.Requests);
    }

    private static async Task<bool> Refused(HttpClient client, Uri uri)
    {
        try
        {
            using var response = await client.GetAsync(uri);
            return false;
        }
        catch (HttpRequestException)
        {
            return true;
        }
    }
}

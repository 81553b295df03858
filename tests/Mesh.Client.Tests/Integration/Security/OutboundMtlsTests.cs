using System.Net;
using Mesh.Client.Http;
using Mesh.Policy.Resources.Security;
using Mesh.Testing;
using static Mesh.Client.Tests.Integration.Security.SecureMesh;

namespace Mesh.Client.Tests.Integration.Security;

/// <summary>The caller's side of mesh mTLS: which identity it accepts, and when it uses mTLS at all.</summary>
public class OutboundMtlsTests
{
    /// <summary>No retries, so that the flag is the attempt's own.</summary>
    private const string NoRetries = """
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
              attempts: 0
        """;

    [Fact]
    public async Task ServerShowingAnotherIdentity_Refused503UF_RequestNeverReachesTheApp()
    {
        // The WorkloadEntry says the endpoint runs as "reviews"; the server's certificate says "ratings".
        await using var mesh = await StartAsync(NoRetries, backendServiceAccount: "ratings");

        using var response = await mesh.Client.Http.GetAsync(new Uri("http://reviews:9080/"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(ResponseFlags.UpstreamConnectionFailure, Header(response, ResponseFlags.Header));
        Assert.Equal(0, mesh.Backend.Behavior.Requests);
    }

    [Fact]
    public async Task ServerWithTheRightNameFromAForeignCa_Refused()
    {
        await using var mesh = await StartAsync(NoRetries);
        using var foreignCa = TestCertificateAuthority.Create("Foreign Root");
        mesh.Backend.PublishIdentity(foreignCa.Issue("default", "reviews", trustBundle: mesh.Ca.Bundle()));

        using var response = await mesh.Client.Http.GetAsync(new Uri("http://reviews:9080/"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(ResponseFlags.UpstreamConnectionFailure, Header(response, ResponseFlags.Header));
        Assert.Equal(0, mesh.Backend.Behavior.Requests);
    }

    [Fact]
    public async Task IstioMutual_CallerWithoutIdentity_Refused503()
    {
        await using var mesh = await StartAsync(NoRetries + "\n---\n" + IstioMutual);
        Publish(mesh.Client, null);

        using var response = await mesh.Client.Http.GetAsync(new Uri("http://reviews:9080/"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(0, mesh.Backend.Behavior.Requests);
    }

    [Fact]
    public async Task IstioMutual_ToAnEndpointWithoutTheMeshLabel_StillMtls()
    {
        await using var mesh = await StartAsync(IstioMutual, mtlsCapable: false);

        using var response = await mesh.Client.Http.GetAsync(new Uri("http://reviews:9080/"));

        Assert.Equal(CallerPrincipal, Header(response, "x-peer-principal"));
    }

    [Fact]
    public async Task OverMtls_TheCallerSaysWhoItIsOncePerConnection_AndEveryRequestKnowsIt()
    {
        // The peer line goes inside TLS (the pool's plaintext side), in the connection's first request only.
        await using var mesh = await StartAsync(IstioMutual);

        for (var i = 0; i < 4; i++)
        {
            using var response = await mesh.Client.Http.GetAsync(new Uri("http://reviews:9080/"));
            Assert.Equal(CallerPrincipal, Header(response, "x-peer-principal"));
            Assert.Equal("caller;;default", Header(response, "x-peer-metadata"));
        }

        var sent = mesh.Backend.Behavior.PeerHeaders.ToArray();
        Assert.Equal(4, sent.Length);
        Assert.Equal("caller;;default", sent[0]);
        Assert.All(sent.Skip(1), h => Assert.Equal("", h));
    }

    [Fact]
    public async Task AutoMtls_EndpointWithoutTheMeshLabel_Plaintext_CallerWithoutIdentity_Plaintext()
    {
        await using var unlabelled = await StartAsync(mtlsCapable: false);
        await using var labelled = await StartAsync();
        Publish(labelled.Client, null);

        using var toUnlabelled = await unlabelled.Client.Http.GetAsync(new Uri("http://reviews:9080/"));
        using var withoutIdentity = await labelled.Client.Http.GetAsync(new Uri("http://reviews:9080/"));

        Assert.Equal(HttpStatusCode.OK, toUnlabelled.StatusCode);
        Assert.Null(Header(toUnlabelled, "x-peer-principal"));
        Assert.Equal(HttpStatusCode.OK, withoutIdentity.StatusCode);
        Assert.Null(Header(withoutIdentity, "x-peer-principal"));
    }

    [Fact]
    public async Task DestinationRuleDisable_PlaintextEvenToAMeshWorkload()
    {
        await using var mesh = await StartAsync("""
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata:
              name: reviews
            spec:
              host: reviews
              trafficPolicy:
                tls:
                  mode: DISABLE
            """);

        using var response = await mesh.Client.Http.GetAsync(new Uri("http://reviews:9080/"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(Header(response, "x-peer-principal"));
        Assert.Equal(MutualTlsMode.Permissive, mesh.BackendMode);
    }

    private const string IstioMutual = """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: reviews
        spec:
          host: reviews
          trafficPolicy:
            tls:
              mode: ISTIO_MUTUAL
        """;
}

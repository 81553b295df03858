using System.Net;
using Mesh.Client.Http;
using Mesh.Client.Telemetry.Prometheus;
using Mesh.Policy.Resources.Security;
using Mesh.Testing;
using Microsoft.Extensions.DependencyInjection;
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
    public async Task ServerShowingAnotherIdentity_TheCallersMetricsClaimNoPrincipal()
    {
        // The handshake refused the server: nothing proved reviews' identity, so the label must not name it.
        await using var mesh = await StartAsync(NoRetries, backendServiceAccount: "ratings");
        var metrics = mesh.Client.Services.GetRequiredService<MeshMetricsExporter>();

        using var response = await mesh.Client.Http.GetAsync(new Uri("http://reviews:9080/"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var text = metrics.Scrape();
        Assert.Equal(1, Exposition.Value(text, "istio_requests_total", ("reporter", "source"), ("destination_principal", "unknown")));
        Assert.Null(Exposition.Value(text, "istio_requests_total", ("destination_principal", ReviewsSpiffeId)));
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

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OverMtls_TheCallersMetricsNameThePeerItsHandshakeProved(bool istioMutual)
    {
        // Auto mTLS (a labelled endpoint, both sides with identities) or ISTIO_MUTUAL: either way each connection's
        // handshake demands reviews' identity, so the caller's requests carry it as destination_principal.
        await using var mesh = await StartAsync(istioMutual ? IstioMutual : "");
        var metrics = mesh.Client.Services.GetRequiredService<MeshMetricsExporter>();

        for (var i = 0; i < 3; i++)
        {
            using var response = await mesh.Client.Http.GetAsync(new Uri("http://reviews:9080/"));
            Assert.Equal(CallerPrincipal, Header(response, "x-peer-principal"));
        }

        var text = metrics.Scrape();
        Assert.Equal(3, Exposition.Value(text, "istio_requests_total", ("reporter", "source"), ("destination_principal", ReviewsSpiffeId)));
        Assert.Null(Exposition.Value(text, "istio_requests_total", ("reporter", "source"), ("destination_principal", "unknown")));
    }

    [Fact]
    public async Task AutoMtls_AfterAPlaintextConnection_TheCallerLeavesThePeerUnknown()
    {
        // The caller's first connection is made before it has an identity (plaintext), and may serve the requests
        // after it gets one: the caller cannot tell which connection answered, so it does not claim a principal.
        await using var mesh = await StartAsync();
        var metrics = mesh.Client.Services.GetRequiredService<MeshMetricsExporter>();
        Publish(mesh.Client, null);
        using (var plaintext = await mesh.Client.Http.GetAsync(new Uri("http://reviews:9080/")))
        {
            Assert.Null(Header(plaintext, "x-peer-principal"));
        }

        Publish(mesh.Client, mesh.Ca.Issue("default", "caller"));
        using (var after = await mesh.Client.Http.GetAsync(new Uri("http://reviews:9080/")))
        {
            Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        }

        var text = metrics.Scrape();
        Assert.Equal(2, Exposition.Value(text, "istio_requests_total", ("reporter", "source"), ("destination_principal", "unknown")));
        Assert.Null(Exposition.Value(text, "istio_requests_total", ("reporter", "source"), ("destination_principal", ReviewsSpiffeId)));
    }

    [Fact]
    public async Task Plaintext_TheCallerLeavesThePeerUnknown()
    {
        await using var mesh = await StartAsync(mtlsCapable: false);
        var metrics = mesh.Client.Services.GetRequiredService<MeshMetricsExporter>();

        using var response = await mesh.Client.Http.GetAsync(new Uri("http://reviews:9080/"));

        Assert.Null(Header(response, "x-peer-principal"));
        Assert.Equal(1, Exposition.Value(metrics.Scrape(), "istio_requests_total", ("reporter", "source"), ("destination_principal", "unknown")));
    }

    private const string ReviewsSpiffeId = "spiffe://cluster.local/ns/default/sa/reviews";

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

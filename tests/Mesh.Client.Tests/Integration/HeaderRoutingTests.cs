using Mesh.Testing;

namespace Mesh.Client.Tests.Integration;

public class HeaderRoutingTests
{
    [Fact]
    public async Task JasonV2V3_BookinfoFile_JasonSeesV2AndEveryoneElseV3()
    {
        await using var reviews = await Reviews.StartAsync();
        await using var client = await MeshedClient.StartAsync(reviews.Server);
        var file = await File.ReadAllTextAsync(Conformance.File("istio/samples/bookinfo/networking/virtual-service-reviews-jason-v2-v3.yaml"));
        var applied = await reviews.Server.Admin.ApplyAsync(Reviews.Subsets + "\n---\n" + file);
        await client.WaitForRevisionAsync(applied.Revision);

        var jason = await Reviews.SendAsync(client.Http, 50, prepare: r => r.Headers.Add("end-user", "jason"));
        var others = await Reviews.SendAsync(client.Http, 50, prepare: r => r.Headers.Add("end-user", "alice"));
        var anonymous = await Reviews.SendAsync(client.Http, 50);

        Assert.Equal(50, jason["v2"]);
        Assert.Equal(50, others["v3"]);
        Assert.Equal(50, anonymous["v3"]);
    }

    [Fact]
    public async Task NoRouteMatches_Is404WithNoRouteFlag()
    {
        await using var reviews = await Reviews.StartAsync();
        await using var client = await MeshedClient.StartAsync(reviews.Server);
        var applied = await reviews.Server.Admin.ApplyAsync(Reviews.Subsets + """

            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: reviews
            spec:
              hosts:
              - reviews
              http:
              - match:
                - uri:
                    prefix: /reviews
                route:
                - destination:
                    host: reviews
                    subset: v1
            """);
        await client.WaitForRevisionAsync(applied.Revision);

        using var matched = await client.Http.GetAsync(new Uri("http://reviews:9080/reviews/1"));
        using var unmatched = await client.Http.GetAsync(new Uri("http://reviews:9080/ratings/1"));

        Assert.Equal(System.Net.HttpStatusCode.OK, matched.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, unmatched.StatusCode);
        Assert.Equal("NR", unmatched.Headers.GetValues("x-mesh-reason").Single());
    }

    [Fact]
    public async Task Rewrite_PrefixAndAuthority_ReachTheBackendRewritten()
    {
        await using var reviews = await Reviews.StartAsync();
        await using var client = await MeshedClient.StartAsync(reviews.Server);
        var applied = await reviews.Server.Admin.ApplyAsync(Reviews.Subsets + """

            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: reviews
            spec:
              hosts:
              - reviews
              http:
              - match:
                - uri:
                    prefix: /old/
                rewrite:
                  uri: /new/
                  authority: reviews.internal
                headers:
                  request:
                    set:
                      x-routed: "yes"
                  response:
                    add:
                      x-mesh-route: rewritten
                route:
                - destination:
                    host: reviews
                    subset: v2
            """);
        await client.WaitForRevisionAsync(applied.Revision);

        using var response = await client.Http.GetAsync(new Uri("http://reviews:9080/old/page?q=1"));

        Assert.Equal("reviews v2 /new/page?q=1", await response.Content.ReadAsStringAsync());
        Assert.Equal("reviews.internal", response.Headers.GetValues("x-seen-host").Single());
        Assert.Equal("rewritten", response.Headers.GetValues("x-mesh-route").Single());
        Assert.Equal(new Uri("http://reviews:9080/old/page?q=1"), response.RequestMessage!.RequestUri);
    }

    [Fact]
    public async Task NonMeshHost_PassesThroughUntouched()
    {
        await using var reviews = await Reviews.StartAsync();
        await using var client = await MeshedClient.StartAsync(reviews.Server);
        await client.CatchUpAsync(reviews.Server);

        // The backend's own address is not a mesh host name: the request goes where it says.
        using var response = await client.Http.GetAsync(new Uri($"http://127.0.0.1:{reviews.V3.Port}/direct"));

        Assert.Equal("reviews v3 /direct", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("x-mesh-reason"));
    }
}

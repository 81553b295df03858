using System.Net;
using Mesh.Client.Http;
using Mesh.Testing;

namespace Mesh.Client.Tests.Integration;

public class RoutingTests
{
    [Fact]
    public async Task NoVirtualService_RequestsReachEveryVersion()
    {
        await using var reviews = await Reviews.StartAsync();
        await using var client = await MeshedClient.StartAsync(reviews.Server);
        await client.CatchUpAsync(reviews.Server);

        var counts = await Reviews.SendAsync(client.Http, 300);

        Assert.Equal(["v1", "v2", "v3"], counts.Keys.Order());
        Assert.All(counts.Values, c => Assert.InRange(c, 50, 200));
    }

    [Fact]
    public async Task AllToV1_OnlyV1Answers_AndSeesTheServiceHost()
    {
        await using var reviews = await Reviews.StartAsync();
        await using var client = await MeshedClient.StartAsync(reviews.Server);
        var applied = await reviews.Server.Admin.ApplyAsync(Reviews.Subsets + "\n---\n" + Reviews.Route(("v1", 100)));
        await client.WaitForRevisionAsync(applied.Revision);

        var counts = await Reviews.SendAsync(client.Http, 100);
        using var response = await client.Http.GetAsync(new Uri("http://reviews:9080/reviews/1?x=1"));

        Assert.Equal(100, counts["v1"]);
        Assert.Single(counts);
        Assert.Equal("reviews v1 /reviews/1?x=1", await response.Content.ReadAsStringAsync());
        Assert.Equal("reviews:9080", response.Headers.GetValues("x-seen-host").Single());
        Assert.Equal(new Uri("http://reviews:9080/reviews/1?x=1"), response.RequestMessage!.RequestUri);
    }

    [Fact]
    public async Task Split90To10_Over2000Requests_IsWithinThreePercent()
    {
        await using var reviews = await Reviews.StartAsync();
        await using var client = await MeshedClient.StartAsync(reviews.Server);
        var applied = await reviews.Server.Admin.ApplyAsync(Reviews.Subsets + "\n---\n" + Reviews.Route(("v1", 90), ("v2", 10)));
        await client.WaitForRevisionAsync(applied.Revision);

        var counts = await Reviews.SendAsync(client.Http, 2000);

        Assert.InRange(counts["v1"] / 2000.0, 0.87, 0.93);
        Assert.InRange(counts["v2"] / 2000.0, 0.07, 0.13);
        Assert.False(counts.ContainsKey("v3"));
    }

    [Fact]
    public async Task RouteToUndefinedSubset_FailsFastWithNoClusterFlag()
    {
        await using var reviews = await Reviews.StartAsync();
        await using var client = await MeshedClient.StartAsync(reviews.Server);
        var applied = await reviews.Server.Admin.ApplyAsync(Reviews.Subsets + "\n---\n" + Reviews.Route(("v9", 100)));
        await client.WaitForRevisionAsync(applied.Revision);

        using var response = await client.Http.GetAsync(new Uri("http://reviews:9080/"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(ResponseFlags.NoCluster, response.Headers.GetValues(ResponseFlags.Header).Single());
    }
}

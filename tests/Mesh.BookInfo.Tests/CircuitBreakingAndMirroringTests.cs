using System.Text.RegularExpressions;
using Mesh.BookInfo.Tests.Infrastructure;
using Mesh.Testing;

namespace Mesh.BookInfo.Tests;

/// <summary>
/// Istio's circuit-breaking and mirroring tasks, moved from httpbin to BookInfo's reviews with the sample's adapted
/// files (samples/BookInfo/networking): what productpage's visitors see, and what reaches the reviews versions.
/// </summary>
[Collection(BookInfoCollection.Name)]
public sealed partial class CircuitBreakingAndMirroringTests(BookInfoCluster bookInfo)
{
    [Fact]
    public async Task CircuitBreaker_OnReviews_RefusesTheOverflowOfConcurrentPages_NotSequentialOnes()
    {
        // One connection and one pending request to reviews: productpage's calls beyond two at once are refused at
        // once (503 UO), its own retry meets the same limit, and those pages show the reviews as unavailable.
        await bookInfo.ApplyAsync(Files.Bookinfo("virtual-service-all-v1.yaml"), Files.Sample("destination-rule-reviews-circuit-breaker.yaml"));
        using var page = PageClient.Anonymous(bookInfo.Productpage);

        var concurrent = await page.CountVersionsAsync(150, parallelism: 10);
        var sequential = await page.CountVersionsAsync(30, parallelism: 1);

        Assert.True(concurrent.GetValueOrDefault("") > 0, $"no page was refused: {string.Join(", ", concurrent)}");
        Assert.True(concurrent.GetValueOrDefault("v1") > 0, $"every page was refused: {string.Join(", ", concurrent)}");
        Assert.Equal(30, sequential.GetValueOrDefault("v1"));
    }

    [Fact]
    public async Task Mirror_ReviewsV1ServesEveryPage_AndV2GetsACopyOfEachCall()
    {
        await bookInfo.ApplyAsync(Files.Bookinfo("virtual-service-all-v1.yaml"), Files.Sample("virtual-service-reviews-v1-mirror-v2.yaml"));
        using var page = PageClient.Anonymous(bookInfo.Productpage);
        var before = Shadows(bookInfo.OutputOf("reviews v2"));

        var counts = await page.CountVersionsAsync(20, parallelism: 1);

        Assert.Equal(20, counts.GetValueOrDefault("v1"));
        await Eventually.TrueAsync(
            () => Task.FromResult(Shadows(bookInfo.OutputOf("reviews v2")) - before >= 20),
            TimeSpan.FromSeconds(10),
            "reviews v2 did not log a mirrored copy (Host reviews-shadow) of every call");
        Assert.Equal(0, Shadows(bookInfo.OutputOf("reviews v1")));
    }

    private static int Shadows(string accessLog) => ShadowLine().Count(accessLog);

    // Mesh's access log, inbound side: "GET /reviews/0 HTTP/1.1" 200 - ... "reviews-shadow:9080" (the mirror's Host).
    [GeneratedRegex(@"inbound ""GET /reviews/0 HTTP/1\.1"" 200 .* ""reviews-shadow")]
    private static partial Regex ShadowLine();
}

using Mesh.BookInfo.Tests.Infrastructure;
using Mesh.Testing;

namespace Mesh.BookInfo.Tests;

/// <summary>
/// Istio's traffic-shifting and request-routing tasks on BookInfo, with Istio's own files applied by meshctl, and
/// productpage driven over HTTP: which reviews version answered is read from the page's data-reviews-version.
/// </summary>
[Collection(BookInfoCollection.Name)]
public sealed class TrafficShiftingTests(BookInfoCluster bookInfo)
{
    /// <summary>
    /// Enough pages that a correct split stays within the tolerance with near certainty (for a 50/50 split one
    /// standard deviation is 1.8 points; 7 points is almost four) while the class stays well under a minute.
    /// </summary>
    private const int Requests = 800;
    private const double Tolerance = 0.07;

    [Fact]
    public async Task NoVirtualService_AllThreeVersionsAnswer()
    {
        await bookInfo.ApplyAsync();
        using var page = PageClient.Anonymous(bookInfo.Productpage);

        var counts = await page.CountVersionsAsync(150);

        Assert.Equal(["v1", "v2", "v3"], counts.Keys.Order(StringComparer.Ordinal));
        Assert.All(counts.Values, n => Assert.True(n >= 15, Describe(counts)));
    }

    [Fact]
    public async Task VirtualServiceAllV1_OnlyV1Answers()
    {
        await bookInfo.ApplyAsync(Files.Bookinfo("virtual-service-all-v1.yaml"));
        using var page = PageClient.Anonymous(bookInfo.Productpage);

        var counts = await page.CountVersionsAsync(100);

        Assert.Equal(100, counts.GetValueOrDefault("v1"));
    }

    [Theory]
    [InlineData("virtual-service-reviews-90-10.yaml", "v1", 0.9, "v2", 0.1)]
    [InlineData("virtual-service-reviews-80-20.yaml", "v1", 0.8, "v2", 0.2)]
    [InlineData("virtual-service-reviews-50-v3.yaml", "v1", 0.5, "v3", 0.5)]
    [InlineData("virtual-service-reviews-v2-v3.yaml", "v2", 0.5, "v3", 0.5)]
    public async Task WeightedRoutes_SplitTrafficAsWeighted(string file, string first, double firstShare, string second, double secondShare)
    {
        await bookInfo.ApplyAsync(Files.Bookinfo("virtual-service-all-v1.yaml"), Files.Bookinfo(file));
        using var page = PageClient.Anonymous(bookInfo.Productpage);

        var counts = await page.CountVersionsAsync(Requests);

        AssertSplit(counts, (first, firstShare), (second, secondShare));
    }

    [Fact]
    public async Task VirtualServiceReviewsV3_OnlyV3AnswersWithRedStars()
    {
        await bookInfo.ApplyAsync(Files.Bookinfo("virtual-service-all-v1.yaml"), Files.Bookinfo("virtual-service-reviews-v3.yaml"));
        using var page = PageClient.Anonymous(bookInfo.Productpage);

        var counts = await page.CountVersionsAsync(100);
        var html = await page.GetPageAsync();

        Assert.Equal(100, counts.GetValueOrDefault("v3"));
        Assert.Equal(2, Count(html, "<font color=\"red\">"));
        Assert.Equal(9, Count(html, "glyphicon glyphicon-star\"")); // Reviewer1 5, Reviewer2 4
        Assert.Equal(1, Count(html, "glyphicon glyphicon-star-empty\""));
    }

    [Fact]
    public async Task WorkshopThreeWaySplit_33_33_34()
    {
        using var directory = new TempDirectory();
        var file = directory.File("virtual-service-reviews-33-33-34.yaml");
        await File.WriteAllTextAsync(file, """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: reviews
            spec:
              hosts:
              - reviews
              http:
              - route:
                - destination:
                    host: reviews
                    subset: v1
                  weight: 33
                - destination:
                    host: reviews
                    subset: v2
                  weight: 33
                - destination:
                    host: reviews
                    subset: v3
                  weight: 34
            """);
        await bookInfo.ApplyAsync(file);
        using var page = PageClient.Anonymous(bookInfo.Productpage);

        var counts = await page.CountVersionsAsync(Requests);

        AssertSplit(counts, ("v1", 0.33), ("v2", 0.33), ("v3", 0.34));
    }

    internal static int Count(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static void AssertSplit(Dictionary<string, int> counts, params (string Version, double Share)[] expected)
    {
        var total = counts.Values.Sum();
        Assert.Equal(expected.Select(e => e.Version).Order(StringComparer.Ordinal), counts.Keys.Order(StringComparer.Ordinal));
        foreach (var (version, share) in expected)
        {
            var actual = (double)counts[version] / total;
            Assert.True(Math.Abs(actual - share) <= Tolerance, $"{version}: {actual:P1} of {total}, expected {share:P0} ± {Tolerance:P0}; {Describe(counts)}");
        }
    }

    private static string Describe(Dictionary<string, int> counts) =>
        string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{(c.Key.Length == 0 ? "(unavailable)" : c.Key)}={c.Value}"));
}

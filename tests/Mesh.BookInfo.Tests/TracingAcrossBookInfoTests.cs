using System.Diagnostics;
using System.Text.RegularExpressions;
using Mesh.BookInfo.Tests.Infrastructure;
using Mesh.Testing;

namespace Mesh.BookInfo.Tests;

/// <summary>
/// One BookInfo page is one trace across productpage, details, reviews and ratings (separate processes), with the
/// parent/child links Jaeger would draw: read from each service's <c>--trace-log</c> lines.
/// </summary>
[Collection(BookInfoCollection.Name)]
public sealed partial class TracingAcrossBookInfoTests(BookInfoCluster bookInfo)
{
    [Fact]
    public async Task ProductPage_IsOneTrace_WithParentChildLinksAcrossAllFourServices()
    {
        await bookInfo.ApplyAsync(Files.Bookinfo("virtual-service-reviews-v3.yaml")); // v3 calls ratings
        var trace = ActivityTraceId.CreateRandom().ToHexString();
        var root = ActivitySpanId.CreateRandom().ToHexString();
        using var page = PageClient.Anonymous(bookInfo.Productpage);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/productpage");
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{trace}-{root}-01");
        using var response = await page.Http.SendAsync(request);
        Assert.Contains("data-reviews-version=\"v3\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        List<Span> Spans(string workload) =>
            [.. SpanLine().Matches(bookInfo.OutputOf(workload)).Where(m => m.Groups["trace"].Value == trace).Select(m => new Span(m.Groups["span"].Value, m.Groups["parent"].Value, m.Groups["kind"].Value, m.Groups["service"].Value))];

        await Eventually.TrueAsync(() => Task.FromResult(Spans("ratings v1").Count > 0 && Spans("details v1").Count > 0), TimeSpan.FromSeconds(10), "ratings and details did not log their spans");

        var productpage = Spans("productpage v1");
        var ppServer = Assert.Single(productpage, s => s.Kind == "Server");
        Assert.Equal(root, ppServer.Parent);
        var toDetails = Assert.Single(productpage, s => s.Kind == "Client" && s.Service.StartsWith("details.", StringComparison.Ordinal));
        var toReviews = Assert.Single(productpage, s => s.Kind == "Client" && s.Service.StartsWith("reviews.", StringComparison.Ordinal));
        Assert.Equal(ppServer.Id, toDetails.Parent);
        Assert.Equal(ppServer.Id, toReviews.Parent);

        Assert.Equal(toDetails.Id, Assert.Single(Spans("details v1"), s => s.Kind == "Server").Parent);
        var reviews = Spans("reviews v3");
        var reviewsServer = Assert.Single(reviews, s => s.Kind == "Server");
        Assert.Equal(toReviews.Id, reviewsServer.Parent);
        var toRatings = Assert.Single(reviews, s => s.Kind == "Client" && s.Service.StartsWith("ratings.", StringComparison.Ordinal));
        Assert.Equal(reviewsServer.Id, toRatings.Parent);
        Assert.Equal(toRatings.Id, Assert.Single(Spans("ratings v1"), s => s.Kind == "Server").Parent);
        Assert.Empty(Spans("reviews v1"));
        Assert.Empty(Spans("reviews v2"));
    }

    private sealed record Span(string Id, string Parent, string Kind, string Service);

    [GeneratedRegex(@"span trace=(?<trace>[0-9a-f]{32}) span=(?<span>[0-9a-f]{16}) parent=(?<parent>[0-9a-f]{16}) kind=(?<kind>\w+) name=\S+ service=(?<service>\S+)")]
    private static partial Regex SpanLine();
}

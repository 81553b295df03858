using System.Text.Json;
using BookInfo.Details;
using BookInfo.Productpage;
using BookInfo.Reviews;

namespace Mesh.BookInfo.Tests;

/// <summary>
/// The page and the services' JSON, in-process: the failure messages exactly as Istio's page words them (which the
/// running sample shows only under faults), the stars, and encoding.
/// </summary>
public sealed class RenderingTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public void ProductPage_DetailsAndReviewsUnavailable_ShowsIstiosMessages()
    {
        var html = Render(new Fetched(503, null), new Fetched(500, null));

        Assert.Contains("<h4 class=\"text-center text-primary\">Error fetching product details!</h4>\n      <p>Sorry, product details are currently unavailable for this book.</p>", html, StringComparison.Ordinal);
        Assert.Contains("<h4 class=\"text-center text-primary\">Error fetching product reviews!</h4>\n      <p>Sorry, product reviews are currently unavailable for this book.</p>", html, StringComparison.Ordinal);
        Assert.Contains("data-reviews-version=\"\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ProductPage_RatingsUnavailable_ShowsTheErrorInPlaceOfStars()
    {
        var reviews = ReviewsResponse.Create("0", ReviewsSettings.For("v2"), stars: null);

        var html = Render(Ok(BookDetails.For(0)), Ok(reviews));

        Assert.Equal(2, TrafficShiftingTests.Count(html, "<p><i>Ratings service is currently unavailable</i></p>"));
        Assert.DoesNotContain("glyphicon-star", html, StringComparison.Ordinal);
        Assert.Contains("data-reviews-version=\"v2\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v2", "black")]
    [InlineData("v3", "red")]
    public void ProductPage_Stars_FullAndEmptyInTheVersionsColour(string version, string color)
    {
        var stars = new Dictionary<string, int> { ["Reviewer1"] = 5, ["Reviewer2"] = 4 };

        var html = Render(Ok(BookDetails.For(0)), Ok(ReviewsResponse.Create("0", ReviewsSettings.For(version), stars)));

        Assert.Equal(2, TrafficShiftingTests.Count(html, $"<font color=\"{color}\">"));
        Assert.Equal(9, TrafficShiftingTests.Count(html, "glyphicon glyphicon-star\""));
        Assert.Equal(1, TrafficShiftingTests.Count(html, "glyphicon glyphicon-star-empty\""));
    }

    [Fact]
    public void ProductPage_TextFromBackends_IsEncoded()
    {
        var reviews = """{"version":"v1\"><script>","podname":"<b>pod</b>","reviews":[{"reviewer":"<script>alert(1)</script>","text":"a & b"}]}""";

        var html = Render(Ok(BookDetails.For(0)), new Fetched(200, reviews));

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>pod</b>", html, StringComparison.Ordinal);
        Assert.Contains("a &amp; b", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ProductPage_SignedIn_GreetsTheUserWithASignOutLink()
    {
        var html = ProductPageView.Render(ProductPageModel.Create(Product.ComedyOfErrors, "jason", Ok(BookDetails.For(0)), new Fetched(500, null)));

        Assert.Contains("jason ( <a href=\"logout\">sign out</a> )", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"#login-modal\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Reviews_V1_HasNoRatings_V3_HasRedStars()
    {
        var stars = new Dictionary<string, int> { ["Reviewer1"] = 5, ["Reviewer2"] = 4 };

        var v1 = JsonSerializer.Serialize(ReviewsResponse.Create("0", ReviewsSettings.For("v1"), null), Web);
        var v3 = JsonSerializer.Serialize(ReviewsResponse.Create("0", ReviewsSettings.For("v3"), stars), Web);

        Assert.DoesNotContain("\"rating\"", v1, StringComparison.Ordinal);
        Assert.Contains("\"reviewer\":\"Reviewer1\",\"text\":\"An extremely entertaining play by Shakespeare. The slapstick humour is refreshing!\"}", v1, StringComparison.Ordinal);
        Assert.Contains("\"rating\":{\"stars\":5,\"color\":\"red\"}", v3, StringComparison.Ordinal);
        Assert.Contains("\"rating\":{\"stars\":4,\"color\":\"red\"}", v3, StringComparison.Ordinal);
        Assert.Matches("^\\{\"id\":\"0\",\"podname\":\"reviews-v3-[a-z0-9]{5}\",\"clustername\":(null|\"[^\"]*\"),\"version\":\"v3\",\"reviews\":\\[", v3);
    }

    [Fact]
    public void Reviews_Timeouts_AreIstios_V2TenSecondsV3TwoAndAHalf()
    {
        Assert.Equal(TimeSpan.FromSeconds(10), ReviewsSettings.For("v2").RatingsTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2.5), ReviewsSettings.For("v3").RatingsTimeout);
        Assert.False(ReviewsSettings.For("v1").RatingsEnabled);
    }

    private static string Render(Fetched details, Fetched reviews) =>
        ProductPageView.Render(ProductPageModel.Create(Product.ComedyOfErrors, null, details, reviews));

    private static Fetched Ok<T>(T body) => new(200, JsonSerializer.Serialize(body, Web));
}

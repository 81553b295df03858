using System.Net;
using System.Text.Json;
using Mesh.BookInfo.Tests.Infrastructure;

namespace Mesh.BookInfo.Tests;

/// <summary>productpage's HTML and JSON, as Istio's: what tutorials, scripts and users look at.</summary>
[Collection(BookInfoCollection.Name)]
public sealed class ProductPageTests(BookInfoCluster bookInfo)
{
    [Fact]
    public async Task ProductPage_ShowsTheBookItsDetailsAndTwoReviews()
    {
        await bookInfo.ApplyAsync(Files.Bookinfo("virtual-service-all-v1.yaml"));
        using var page = PageClient.Anonymous(bookInfo.Productpage);

        var html = await page.GetPageAsync();

        Assert.Contains("<h3 class=\"text-center text-primary\">The Comedy of Errors</h3>", html, StringComparison.Ordinal);
        Assert.Contains("Summary: <a href=\"https://en.wikipedia.org/wiki/The_Comedy_of_Errors\">Wikipedia Summary</a>", html, StringComparison.Ordinal);
        Assert.Contains("<h4 class=\"text-center text-primary\">Book Details</h4>", html, StringComparison.Ordinal);
        foreach (var row in (string[])["<dt>Type:</dt><dd>paperback</dd>", "<dt>Pages:</dt><dd>200</dd>", "<dt>Publisher:</dt><dd>PublisherA</dd>",
                     "<dt>Language:</dt><dd>English</dd>", "<dt>ISBN-10:</dt><dd>1234567890</dd>", "<dt>ISBN-13:</dt><dd>123-1234567890</dd>"])
        {
            Assert.Contains(row, html, StringComparison.Ordinal);
        }

        Assert.Contains("<h4 class=\"text-center text-primary\">Book Reviews</h4>", html, StringComparison.Ordinal);
        Assert.Contains("An extremely entertaining play by Shakespeare. The slapstick humour is refreshing!", html, StringComparison.Ordinal);
        Assert.Contains("<small>Reviewer2</small>", html, StringComparison.Ordinal);
        Assert.Matches("Reviews served by:</dt>\\s*<u>reviews-v1-[a-z0-9]{5}</u>", html);
        Assert.DoesNotContain("glyphicon-star", html, StringComparison.Ordinal); // v1: no stars
        Assert.DoesNotContain("<link", html, StringComparison.Ordinal); // every asset inline
        Assert.DoesNotContain("<script src", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Index_LinksToTheProductPage()
    {
        using var http = new HttpClient { BaseAddress = bookInfo.Productpage };

        var html = await http.GetStringAsync(new Uri("/", UriKind.Relative));
        var health = await http.GetStringAsync(new Uri("/health", UriKind.Relative));

        Assert.Contains("<a href=\"/productpage?u=normal\">Normal user</a>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/productpage?u=test\">Test user</a>", html, StringComparison.Ordinal);
        Assert.Equal("Product page is healthy", health);
    }

    [Fact]
    public async Task Api_Products_ListsTheBook()
    {
        using var http = new HttpClient { BaseAddress = bookInfo.Productpage };

        using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/v1/products", UriKind.Relative)));

        var product = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal(0, product.GetProperty("id").GetInt32());
        Assert.Equal("The Comedy of Errors", product.GetProperty("title").GetString());
        Assert.StartsWith("<a href=", product.GetProperty("descriptionHtml").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_ProductDetails_AreIstiosDetails()
    {
        await bookInfo.ApplyAsync();
        using var http = new HttpClient { BaseAddress = bookInfo.Productpage };

        var body = await http.GetStringAsync(new Uri("/api/v1/products/0", UriKind.Relative));

        Assert.Equal(
            """{"id":0,"author":"William Shakespeare","year":1595,"type":"paperback","pages":200,"publisher":"PublisherA","language":"English","ISBN-10":"1234567890","ISBN-13":"123-1234567890"}""",
            body);
    }

    [Fact]
    public async Task Api_ProductDetails_NotANumber_IsTheDetailsErrorWithItsStatus()
    {
        using var http = new HttpClient { BaseAddress = bookInfo.Productpage };

        using var response = await http.GetAsync(new Uri("/api/v1/products/abc", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("""{"error":"Sorry, product details are currently unavailable for this book."}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Api_ProductRatings_AreIstiosRatings()
    {
        await bookInfo.ApplyAsync();
        using var http = new HttpClient { BaseAddress = bookInfo.Productpage };

        var body = await http.GetStringAsync(new Uri("/api/v1/products/0/ratings", UriKind.Relative));

        Assert.Equal("""{"id":0,"ratings":{"Reviewer1":5,"Reviewer2":4}}""", body);
    }

    [Fact]
    public async Task Api_ProductReviews_SayWhichVersionAnswered()
    {
        await bookInfo.ApplyAsync(Files.Bookinfo("virtual-service-all-v1.yaml"), Files.Bookinfo("virtual-service-reviews-v3.yaml"));
        using var http = new HttpClient { BaseAddress = bookInfo.Productpage };

        using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/v1/products/0/reviews", UriKind.Relative)));

        var root = json.RootElement;
        Assert.Equal("0", root.GetProperty("id").GetString());
        Assert.Equal("v3", root.GetProperty("version").GetString());
        Assert.StartsWith("reviews-v3-", root.GetProperty("podname").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("clustername").ValueKind);
        var reviews = root.GetProperty("reviews").EnumerateArray().ToList();
        Assert.Equal(["Reviewer1", "Reviewer2"], reviews.Select(r => r.GetProperty("reviewer").GetString()));
        Assert.Equal([5, 4], reviews.Select(r => r.GetProperty("rating").GetProperty("stars").GetInt32()));
        Assert.All(reviews, r => Assert.Equal("red", r.GetProperty("rating").GetProperty("color").GetString()));
    }

    [Fact]
    public async Task Services_AnswerTheirOwnHealthAndApi_OnTheirOwnPorts()
    {
        using var http = new HttpClient();

        var details = await http.GetStringAsync(new Uri(bookInfo.UrlOf("details v1"), "/health"));
        var ratings = await http.GetStringAsync(new Uri(bookInfo.UrlOf("ratings v1"), "/ratings/7"));
        var reviewsV1 = await http.GetStringAsync(new Uri(bookInfo.UrlOf("reviews v1"), "/reviews/0"));

        Assert.Equal("""{"status":"Details is healthy"}""", details);
        Assert.Equal("""{"id":7,"ratings":{"Reviewer1":5,"Reviewer2":4}}""", ratings);
        Assert.DoesNotContain("rating\"", reviewsV1, StringComparison.Ordinal); // v1 has no ratings at all
        Assert.Contains("\"version\":\"v1\"", reviewsV1, StringComparison.Ordinal);
    }
}

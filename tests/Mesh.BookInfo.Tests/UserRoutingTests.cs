using System.Net;
using Mesh.BookInfo.Tests.Infrastructure;

namespace Mesh.BookInfo.Tests;

/// <summary>
/// Istio's request-routing task: routing on the signed-in user. productpage sends the user of its sign-in cookie as
/// the <c>end-user</c> header, and Istio's files route on it.
/// </summary>
[Collection(BookInfoCollection.Name)]
public sealed class UserRoutingTests(BookInfoCluster bookInfo)
{
    [Fact]
    public async Task ReviewsTestV2_JasonSeesV2_EveryoneElseV1()
    {
        await bookInfo.ApplyAsync(Files.Bookinfo("virtual-service-all-v1.yaml"), Files.Bookinfo("virtual-service-reviews-test-v2.yaml"));
        using var jason = await PageClient.SignedInAsync(bookInfo.Productpage, "jason");
        using var other = await PageClient.SignedInAsync(bookInfo.Productpage, "alice");
        using var anonymous = PageClient.Anonymous(bookInfo.Productpage);

        var jasonSees = await jason.CountVersionsAsync(40);
        var otherSees = await other.CountVersionsAsync(40);
        var anonymousSees = await anonymous.CountVersionsAsync(40);
        var jasonPage = await jason.GetPageAsync();

        Assert.Equal(40, jasonSees.GetValueOrDefault("v2"));
        Assert.Equal(40, otherSees.GetValueOrDefault("v1"));
        Assert.Equal(40, anonymousSees.GetValueOrDefault("v1"));
        Assert.Contains("jason ( <a href=\"logout\">sign out</a> )", jasonPage, StringComparison.Ordinal);
        Assert.Equal(2, TrafficShiftingTests.Count(jasonPage, "<font color=\"black\">"));
    }

    [Fact]
    public async Task ReviewsJasonV2V3_JasonSeesV2_EveryoneElseV3()
    {
        await bookInfo.ApplyAsync(Files.Bookinfo("virtual-service-all-v1.yaml"), Files.Bookinfo("virtual-service-reviews-jason-v2-v3.yaml"));
        using var jason = await PageClient.SignedInAsync(bookInfo.Productpage, "jason");
        using var anonymous = PageClient.Anonymous(bookInfo.Productpage);

        var jasonSees = await jason.CountVersionsAsync(40);
        var anonymousSees = await anonymous.CountVersionsAsync(40);

        Assert.Equal(40, jasonSees.GetValueOrDefault("v2"));
        Assert.Equal(40, anonymousSees.GetValueOrDefault("v3"));
    }

    [Fact]
    public async Task Logout_ClearsTheUser_AndRoutingFollows()
    {
        await bookInfo.ApplyAsync(Files.Bookinfo("virtual-service-all-v1.yaml"), Files.Bookinfo("virtual-service-reviews-test-v2.yaml"));
        using var jason = await PageClient.SignedInAsync(bookInfo.Productpage, "jason");
        var before = await jason.GetPageAsync();

        using var logout = await jason.Http.GetAsync(new Uri("/logout", UriKind.Relative));
        var after = await jason.GetPageAsync();

        Assert.Equal("v2", PageClient.ReviewsVersion(before));
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal("v1", PageClient.ReviewsVersion(after));
        Assert.Contains(">Sign in</a>", after, StringComparison.Ordinal);
        Assert.DoesNotContain("jason", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_SetsTheUserCookie_AndRedirectsBackToThePage()
    {
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = bookInfo.Productpage };
        using var form = new FormUrlEncodedContent([new("username", "jason")]);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/login") { Content = form };
        request.Headers.Referrer = new Uri(bookInfo.Productpage, "/productpage?u=test");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/productpage?u=test", response.Headers.Location?.ToString());
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("user=jason;", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Login_NameACookieCannotCarry_Is400()
    {
        using var client = new HttpClient { BaseAddress = bookInfo.Productpage };
        using var form = new FormUrlEncodedContent([new("username", "jason; admin=1")]);

        using var response = await client.PostAsync(new Uri("/login", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(response.Headers, h => h.Key == "Set-Cookie");
    }
}

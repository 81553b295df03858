using System.Net;
using System.Text.RegularExpressions;

namespace Mesh.BookInfo.Tests.Infrastructure;

/// <summary>A browser of productpage: anonymous, or signed in through POST /login (the cookie is kept).</summary>
internal sealed partial class PageClient : IDisposable
{
    private readonly HttpClient _http;

    private PageClient(Uri productpage, bool cookies)
    {
        var handler = new SocketsHttpHandler { UseCookies = cookies, CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        _http = new HttpClient(handler) { BaseAddress = productpage, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Http => _http;

    public static PageClient Anonymous(Uri productpage) => new(productpage, cookies: false);

    /// <summary>Signs in as <paramref name="user"/> with the page's own form, as a browser does.</summary>
    public static async Task<PageClient> SignedInAsync(Uri productpage, string user)
    {
        var client = new PageClient(productpage, cookies: true);
        using var form = new FormUrlEncodedContent([new("username", user), new("passwd", "")]);
        using var response = await client._http.PostAsync(new Uri("/login", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>The reviews version a page shows (<c>data-reviews-version</c>); empty when reviews were unavailable.</summary>
    public static string ReviewsVersion(string html) =>
        ReviewsVersionAttribute().Match(html) is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException("no data-reviews-version in the page:\n" + html);

    public async Task<string> GetPageAsync(string? userAgent = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/productpage");
        if (userAgent is not null)
        {
            request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        }

        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Loads the page <paramref name="requests"/> times (a few at a time) and counts the reviews versions.</summary>
    public async Task<Dictionary<string, int>> CountVersionsAsync(int requests, int parallelism = 4)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, parallelism).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= requests)
            {
                var version = ReviewsVersion(await GetPageAsync());
                lock (counts)
                {
                    counts[version] = counts.GetValueOrDefault(version) + 1;
                }
            }
        }));
        return counts;
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("data-reviews-version=\"([^\"]*)\"")]
    private static partial Regex ReviewsVersionAttribute();
}

using System.Net;
using BookInfo.Common;

namespace BookInfo.Productpage;

/// <summary>
/// productpage's calls to details, reviews and ratings: through the mesh, by service name and Kubernetes port as
/// from a pod, with the timeouts and the retry that Istio's productpage has in its own code.
/// </summary>
internal sealed class Backends(IHttpClientFactory clients)
{
    public const string DetailsClient = "details";
    public const string ReviewsClient = "reviews";
    public const string RatingsClient = "ratings";

    /// <summary>Istio's productpage waits 3 s for each call.</summary>
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(3);

    /// <summary>
    /// What productpage passes on with each call: the request's trace and routing headers, and the signed-in user
    /// as <c>end-user</c> (from its own cookie, never from a header the browser sent).
    /// </summary>
    public static ForwardedHeaders HeadersFor(HttpRequest request)
    {
        var headers = ForwardedHeaders.From(request, passEndUser: false);
        return UserSession.CurrentUser(request) is { } user ? headers.With(ForwardedHeaders.EndUser, user) : headers;
    }

    public Task<Fetched> DetailsAsync(string productId, ForwardedHeaders headers, CancellationToken aborted) =>
        FetchAsync(DetailsClient, "http://details:9080/details/" + Uri.EscapeDataString(productId), headers, attempts: 1, aborted);

    /// <summary>
    /// Two attempts of 3 s each, as Istio's productpage ("do not remove: bug introduced explicitly for illustration
    /// in fault injection task"): behind a 7 s ratings delay, reviews v2 (10 s timeout) makes the page wait about 6 s
    /// and then show the reviews as unavailable.
    /// </summary>
    public Task<Fetched> ReviewsAsync(string productId, ForwardedHeaders headers, CancellationToken aborted) =>
        FetchAsync(ReviewsClient, "http://reviews:9080/reviews/" + Uri.EscapeDataString(productId), headers, attempts: 2, aborted);

    public Task<Fetched> RatingsAsync(string productId, ForwardedHeaders headers, CancellationToken aborted) =>
        FetchAsync(RatingsClient, "http://ratings:9080/ratings/" + Uri.EscapeDataString(productId), headers, attempts: 1, aborted);

    private async Task<Fetched> FetchAsync(string client, string url, ForwardedHeaders headers, int attempts, CancellationToken aborted)
    {
        var http = clients.CreateClient(client);
        int? status = null;
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
            timeout.CancelAfter(CallTimeout);
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                headers.ApplyTo(request);
                using var response = await http.SendAsync(request, timeout.Token);
                status = (int)response.StatusCode;
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return new Fetched(status.Value, await response.Content.ReadAsStringAsync(timeout.Token));
                }
            }
            catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
            {
                status = null; // timed out
            }
            catch (HttpRequestException)
            {
                status = null;
            }
        }

        // As Istio's: the last attempt's status, or 500 when it got no answer at all.
        return new Fetched(status ?? StatusCodes.Status500InternalServerError, null);
    }
}

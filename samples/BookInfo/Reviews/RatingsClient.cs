using System.Text.Json;
using BookInfo.Common;

namespace BookInfo.Reviews;

/// <summary>Asks ratings for a product's stars, through the mesh, within this version's timeout.</summary>
internal sealed class RatingsClient(IHttpClientFactory clients, ReviewsSettings settings)
{
    /// <summary>The name of the meshed HttpClient.</summary>
    public const string Name = "ratings";

    /// <summary>Each reviewer's stars, or null when ratings did not answer in time, or not with 200.</summary>
    public async Task<IReadOnlyDictionary<string, int>?> GetStarsAsync(string productId, ForwardedHeaders headers, CancellationToken aborted)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        timeout.CancelAfter(settings.RatingsTimeout);
        try
        {
            // By service name and Kubernetes port, as from a pod: the mesh finds an instance of ratings.
            using var request = new HttpRequestMessage(HttpMethod.Get, "http://ratings:9080/ratings/" + Uri.EscapeDataString(productId));
            headers.ApplyTo(request);
            using var response = await clients.CreateClient(Name).SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            using var json = await JsonDocument.ParseAsync(body, cancellationToken: timeout.Token);
            return ReadStars(json.RootElement);
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            return null; // timed out: the reviews go out without stars
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException)
        {
            return null;
        }
    }

    private static Dictionary<string, int>? ReadStars(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("ratings", out var ratings) || ratings.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var stars = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var rating in ratings.EnumerateObject())
        {
            if (rating.Value.TryGetInt32(out var count))
            {
                stars[rating.Name] = count;
            }
        }

        return stars;
    }
}

using System.Text.Json.Serialization;

namespace BookInfo.Reviews;

/// <summary>
/// The answer of reviews, in the shape of Istio's (LibertyRestEndpoint.java), plus <c>version</c>, so that callers
/// and scripts can tell which version answered without parsing the pod name.
/// </summary>
internal sealed record ReviewsResponse(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("podname")] string PodName,
    [property: JsonPropertyName("clustername")] string? ClusterName,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("reviews")] IReadOnlyList<Review> Reviews)
{
    /// <summary>What Istio's page shows in place of the stars when ratings did not answer.</summary>
    public const string RatingsUnavailable = "Ratings service is currently unavailable";

    /// <summary>
    /// The two reviews of the book, with stars when this version shows them: <paramref name="stars"/> holds each
    /// reviewer's stars, or is null when ratings did not answer (then each review carries the error instead).
    /// </summary>
    public static ReviewsResponse Create(string productId, ReviewsSettings settings, IReadOnlyDictionary<string, int>? stars) => new(
        productId,
        settings.PodName,
        settings.ClusterName,
        settings.Version,
        [
            new Review("Reviewer1", "An extremely entertaining play by Shakespeare. The slapstick humour is refreshing!", RatingOf("Reviewer1", settings, stars)),
            new Review("Reviewer2", "Absolutely fun and entertaining. The play lacks thematic depth when compared to other plays by Shakespeare.", RatingOf("Reviewer2", settings, stars)),
        ]);

    private static Rating? RatingOf(string reviewer, ReviewsSettings settings, IReadOnlyDictionary<string, int>? stars)
    {
        if (!settings.RatingsEnabled)
        {
            return null;
        }

        return stars is not null && stars.TryGetValue(reviewer, out var count)
            ? new Rating(count, settings.StarColor, null)
            : new Rating(null, null, RatingsUnavailable);
    }
}

/// <summary>One review; <c>rating</c> only from versions that show stars.</summary>
internal sealed record Review(
    [property: JsonPropertyName("reviewer")] string Reviewer,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("rating"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Rating? Rating);

/// <summary>Stars and their colour, or the error that took their place.</summary>
internal sealed record Rating(
    [property: JsonPropertyName("stars"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Stars,
    [property: JsonPropertyName("color"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Color,
    [property: JsonPropertyName("error"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error);

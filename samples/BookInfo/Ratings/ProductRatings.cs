using System.Text.Json.Serialization;

namespace BookInfo.Ratings;

/// <summary>A product's ratings, as Istio's ratings service (ratings.js) answers: <c>{"id":0,"ratings":{"Reviewer1":5,"Reviewer2":4}}</c>.</summary>
internal sealed record ProductRatings(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("ratings")] IReadOnlyDictionary<string, int> Ratings)
{
    private static readonly IReadOnlyDictionary<string, int> Stars = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["Reviewer1"] = 5,
        ["Reviewer2"] = 4,
    };

    /// <summary>Every product gets the same stars, as in Istio's ratings v1.</summary>
    public static ProductRatings For(int id) => new(id, Stars);
}

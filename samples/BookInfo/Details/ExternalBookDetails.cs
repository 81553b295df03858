using System.Text.Json.Serialization;

namespace BookInfo.Details;

/// <summary>
/// The details of details v2, as Istio's details.rb builds them from Google's Books API: the same fields as
/// <see cref="BookDetails"/>, but the year is the API's publishedDate (a string) and the pages may be unknown.
/// </summary>
internal sealed record ExternalBookDetails(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("author")] string Author,
    [property: JsonPropertyName("year")] string Year,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("pages")] int? Pages,
    [property: JsonPropertyName("publisher")] string Publisher,
    [property: JsonPropertyName("language")] string Language,
    [property: JsonPropertyName("ISBN-10")] string Isbn10,
    [property: JsonPropertyName("ISBN-13")] string Isbn13);

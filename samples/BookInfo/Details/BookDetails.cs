using System.Text.Json.Serialization;

namespace BookInfo.Details;

/// <summary>The details of a book, field for field as Istio's details service (details.rb) answers.</summary>
internal sealed record BookDetails(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("author")] string Author,
    [property: JsonPropertyName("year")] int Year,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("pages")] int Pages,
    [property: JsonPropertyName("publisher")] string Publisher,
    [property: JsonPropertyName("language")] string Language,
    [property: JsonPropertyName("ISBN-10")] string Isbn10,
    [property: JsonPropertyName("ISBN-13")] string Isbn13)
{
    /// <summary>Istio's details v1 knows one book, whatever the id.</summary>
    public static BookDetails For(int id) =>
        new(id, "William Shakespeare", 1595, "paperback", 200, "PublisherA", "English", "1234567890", "123-1234567890");
}

using System.Text.Json;

namespace BookInfo.Productpage;

/// <summary>What the product page shows: the product, who is signed in, and what details and reviews answered.</summary>
/// <param name="Product">The book.</param>
/// <param name="User">The signed-in user, or null.</param>
/// <param name="Details">The book's details, or null when details did not answer (the page says so).</param>
/// <param name="Reviews">The reviews, or null when reviews did not answer (the page says so).</param>
internal sealed record ProductPageModel(Product Product, string? User, BookDetailsView? Details, ReviewsView? Reviews)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static ProductPageModel Create(Product product, string? user, Fetched details, Fetched reviews) =>
        new(product, user, details.IsOk ? ReadDetails(details.Body!) : null, reviews.IsOk ? ReadReviews(reviews.Body!) : null);

    private static BookDetailsView? ReadDetails(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            return root.ValueKind != JsonValueKind.Object
                ? null
                : new BookDetailsView(Text(root, "type"), Text(root, "pages"), Text(root, "publisher"), Text(root, "language"), Text(root, "ISBN-10"), Text(root, "ISBN-13"));
        }
        catch (JsonException)
        {
            return null; // not the details we know: shown as unavailable
        }
    }

    private static ReviewsView? ReadReviews(string body)
    {
        try
        {
            return JsonSerializer.Deserialize<ReviewsView>(body, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : value.GetRawText()
            : "";
}

/// <summary>The rows of the Book Details block.</summary>
internal sealed record BookDetailsView(string Type, string Pages, string Publisher, string Language, string Isbn10, string Isbn13);

/// <summary>The reviews as reviews sent them.</summary>
internal sealed record ReviewsView(string? Podname, string? Clustername, string? Version, IReadOnlyList<ReviewView>? Reviews);

/// <summary>One review.</summary>
internal sealed record ReviewView(string? Reviewer, string? Text, RatingView? Rating);

/// <summary>Stars and colour, or an error instead.</summary>
internal sealed record RatingView(int? Stars, string? Color, string? Error);

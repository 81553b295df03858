using System.Globalization;

namespace BookInfo.Ratings;

/// <summary>ratings v1: the stars each reviewer gave, as Istio's Node.js service.</summary>
internal static class RatingsService
{
    public static void MapEndpoints(IEndpointRouteBuilder app)
    {
        app.MapGet("/health", static () => Results.Json(new { status = "Ratings is healthy" }));
        app.MapGet("/ratings/{id}", static (string id) =>
            int.TryParse(id, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var productId)
                ? Results.Json(ProductRatings.For(productId))
                : Results.Json(new { error = "please provide numeric product ID" }, statusCode: StatusCodes.Status400BadRequest));
    }
}

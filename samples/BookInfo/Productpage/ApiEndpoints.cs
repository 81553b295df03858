namespace BookInfo.Productpage;

/// <summary>productpage's JSON API, as Istio's: the products, and each product's details, reviews and ratings.</summary>
internal static class ApiEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/products", static () => Results.Json(Product.All));
        app.MapGet("/api/v1/products/{id}", static async (string id, HttpContext context, Backends backends) =>
            Relay(await backends.DetailsAsync(id, Backends.HeadersFor(context.Request), context.RequestAborted), Unavailable.Details));
        app.MapGet("/api/v1/products/{id}/reviews", static async (string id, HttpContext context, Backends backends) =>
            Relay(await backends.ReviewsAsync(id, Backends.HeadersFor(context.Request), context.RequestAborted), Unavailable.Reviews));
        app.MapGet("/api/v1/products/{id}/ratings", static async (string id, HttpContext context, Backends backends) =>
            Relay(await backends.RatingsAsync(id, Backends.HeadersFor(context.Request), context.RequestAborted), Unavailable.Ratings));
    }

    /// <summary>The backend's JSON as it came, or Istio's error object with the backend's status.</summary>
    private static IResult Relay(Fetched fetched, string unavailable) =>
        fetched.IsOk
            ? Results.Content(fetched.Body, "application/json")
            : Results.Json(new { error = unavailable }, statusCode: fetched.Status);
}

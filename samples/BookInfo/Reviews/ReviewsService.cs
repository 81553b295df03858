using BookInfo.Common;

namespace BookInfo.Reviews;

/// <summary>reviews v1, v2 or v3: two reviews of the book; v2 and v3 add the stars they get from ratings.</summary>
internal static class ReviewsService
{
    public static void AddServices(IServiceCollection services, string version)
    {
        services.AddSingleton(ReviewsSettings.For(version));
        services.AddSingleton<RatingsClient>();

        // Timeouts are per call, in RatingsClient (they differ by version); HttpClient's own 100 s would only interfere.
        services.AddHttpClient(RatingsClient.Name, static c => c.Timeout = Timeout.InfiniteTimeSpan).AddMesh();
    }

    public static void MapEndpoints(IEndpointRouteBuilder app)
    {
        app.MapGet("/health", static () => Results.Json(new { status = "Reviews is healthy" }));
        app.MapGet("/reviews/{productId}", GetReviewsAsync);
    }

    private static async Task<IResult> GetReviewsAsync(string productId, HttpContext context, ReviewsSettings settings, RatingsClient ratings)
    {
        IReadOnlyDictionary<string, int>? stars = null;
        if (settings.RatingsEnabled)
        {
            // end-user goes on to ratings, so that rules on ratings can match the signed-in user (Istio's fault lessons).
            stars = await ratings.GetStarsAsync(productId, ForwardedHeaders.From(context.Request, passEndUser: true), context.RequestAborted);
        }

        return Results.Json(ReviewsResponse.Create(productId, settings, stars));
    }
}

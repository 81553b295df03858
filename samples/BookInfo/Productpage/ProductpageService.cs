namespace BookInfo.Productpage;

/// <summary>productpage v1: the store's web page and its JSON API, built from details and reviews.</summary>
internal static class ProductpageService
{
    public static void AddServices(IServiceCollection services)
    {
        // One meshed client per backend. Their timeouts are per call, in Backends, as in Istio's productpage;
        // HttpClient's own 100 s would only interfere.
        foreach (var name in (string[])[Backends.DetailsClient, Backends.ReviewsClient, Backends.RatingsClient])
        {
            services.AddHttpClient(name, static c => c.Timeout = Timeout.InfiniteTimeSpan).AddMesh();
        }

        services.AddSingleton<Backends>();
    }

    public static void MapEndpoints(IEndpointRouteBuilder app)
    {
        PageEndpoints.Map(app);
        ApiEndpoints.Map(app);
    }
}

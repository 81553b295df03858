using System.Globalization;

namespace BookInfo.Details;

/// <summary>
/// details: the book's details (type, pages, publisher, ISBNs), as Istio's Ruby service. v1 knows them; v2 fetches
/// them from Google's Books API, outside the mesh (Istio's egress lessons).
/// </summary>
internal static class DetailsService
{
    private const string NotANumber = "please provide numeric product id";

    public static void AddServices(IServiceCollection services, string version)
    {
        if (version == "v2")
        {
            services.AddSingleton<ExternalBookService>();

            // Meshed like every other call, so that ServiceEntries, egress rules and REGISTRY_ONLY apply to it.
            services.AddHttpClient(ExternalBookService.ClientName, static c => c.Timeout = Timeout.InfiniteTimeSpan).AddMesh();
        }
    }

    public static void MapEndpoints(IEndpointRouteBuilder app, string version)
    {
        app.MapGet("/health", static () => Results.Json(new { status = "Details is healthy" }));
        if (version == "v2")
        {
            app.MapGet("/details/{id}", static async (string id, ExternalBookService books, HttpContext context) =>
            {
                if (!TryParse(id, out var productId))
                {
                    return Error(NotANumber);
                }

                var (details, error) = await books.FetchAsync(productId, context.RequestAborted);
                return details is not null ? Results.Json(details) : Error(error!);
            });
        }
        else
        {
            app.MapGet("/details/{id}", static (string id) => TryParse(id, out var productId) ? Results.Json(BookDetails.For(productId)) : Error(NotANumber));
        }
    }

    private static bool TryParse(string id, out int productId) =>
        int.TryParse(id, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out productId);

    /// <summary>As Istio's details: any failure is a 400 with the reason.</summary>
    private static IResult Error(string message) => Results.Json(new { error = message }, statusCode: StatusCodes.Status400BadRequest);
}

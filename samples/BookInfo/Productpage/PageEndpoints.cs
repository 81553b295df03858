namespace BookInfo.Productpage;

/// <summary>The HTML side of productpage: the index, the product page, and signing in and out.</summary>
internal static class PageEndpoints
{
    private const string Html = "text/html; charset=utf-8";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", static () => Results.Content(IndexView.Render(), Html));
        app.MapGet("/index.html", static () => Results.Content(IndexView.Render(), Html));
        app.MapGet("/health", static () => Results.Text("Product page is healthy"));
        app.MapGet("/productpage", ProductPageAsync);
        // Cast: a handler taking only HttpContext would otherwise bind as a RequestDelegate and drop the IResult.
        app.MapPost("/login", (Delegate)LoginAsync);
        app.MapGet("/logout", static (HttpContext context) =>
        {
            UserSession.SignOut(context.Response);
            return Results.Redirect(Back(context.Request));
        });
    }

    private static async Task<IResult> ProductPageAsync(HttpContext context, Backends backends)
    {
        var product = Product.ComedyOfErrors;
        var productId = product.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var user = UserSession.CurrentUser(context.Request);
        var headers = Backends.HeadersFor(context.Request);

        // Istio's page asks details, then reviews; asking both at once gives the same page sooner.
        var details = backends.DetailsAsync(productId, headers, context.RequestAborted);
        var reviews = backends.ReviewsAsync(productId, headers, context.RequestAborted);
        var model = ProductPageModel.Create(product, user, await details, await reviews);
        return Results.Content(ProductPageView.Render(model), Html);
    }

    private static async Task<IResult> LoginAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            return Results.BadRequest("send the form field username (application/x-www-form-urlencoded)");
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var user = form["username"].ToString().Trim();
        if (user.Length == 0)
        {
            // As Istio's page: an empty name signs nobody in.
            UserSession.SignOut(context.Response);
        }
        else if (UserSession.IsValidName(user))
        {
            UserSession.SignIn(context.Response, user);
        }
        else
        {
            return Results.BadRequest("username: " + UserSession.NameRule);
        }

        return Results.Redirect(Back(context.Request));
    }

    /// <summary>Back to the page the form was on (Istio redirects to the referrer), but never to another site.</summary>
    private static string Back(HttpRequest request) =>
        Uri.TryCreate(request.Headers.Referer.ToString(), UriKind.Absolute, out var referer)
        && string.Equals(referer.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
            ? referer.PathAndQuery
            : "/productpage";
}

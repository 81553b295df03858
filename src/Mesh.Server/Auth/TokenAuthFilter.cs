using Mesh.Policy.Api;
using Mesh.Policy.Serialization;

namespace Mesh.Server.Auth;

/// <summary>
/// Requires a bearer token with at least a given role on an endpoint: 401 without a valid token, 403 with a join
/// token where the admin token is needed. The request does nothing else in either case.
/// </summary>
internal sealed class TokenAuthFilter(TokenStore tokens, TokenRole required) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        var grant = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? tokens.Check(header.AsSpan(7).Trim())
            : TokenGrant.None;
        var metrics = context.HttpContext.RequestServices.GetService<Metrics.ServerMetrics>();
        if (grant.Role == TokenRole.None)
        {
            metrics?.TokenRefused(string.IsNullOrEmpty(header) ? "missing" : "invalid");
            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Json(
                new ErrorResponse(string.IsNullOrEmpty(header)
                    ? "a token is required: send \"Authorization: Bearer <token>\" (the admin token is in the data directory, admin.token)"
                    : "the token is not valid for this control server"),
                PolicySerializer.Options,
                statusCode: StatusCodes.Status401Unauthorized);
        }

        if (grant.Role < required)
        {
            metrics?.TokenRefused("forbidden");
            return Results.Json(new ErrorResponse("this needs the admin token; the join token only lets instances register and watch"), PolicySerializer.Options, statusCode: StatusCodes.Status403Forbidden);
        }

        context.HttpContext.Items[GrantKey] = grant;
        return await next(context);
    }

    /// <summary>What the request's token grants, for endpoints that look further (the CA checks its scope).</summary>
    public static TokenGrant GrantOf(HttpContext context) =>
        context.Items.TryGetValue(GrantKey, out var grant) && grant is TokenGrant g ? g : TokenGrant.None;

    private static readonly object GrantKey = new();
}

/// <summary>Adds <see cref="TokenAuthFilter"/> to endpoints.</summary>
internal static class TokenAuthExtensions
{
    public static TBuilder RequireToken<TBuilder>(this TBuilder builder, TokenRole role)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((factoryContext, next) =>
        {
            var filter = new TokenAuthFilter(factoryContext.ApplicationServices.GetRequiredService<TokenStore>(), role);
            return invocation => filter.InvokeAsync(invocation, next);
        });
}

using System.Globalization;
using Mesh.Policy.Api;
using Mesh.Policy.Serialization;

namespace Mesh.Server.Auth;

/// <summary>
/// Requires a bearer token with at least a given role on an endpoint: 401 without a valid token, 403 with a join
/// token where the admin token is needed, 429 from an address that failed too often (<see cref="FailedAuthLimiter"/>;
/// its token is then not even checked). The request does nothing else in any of these cases.
/// </summary>
internal sealed class TokenAuthFilter(TokenStore tokens, FailedAuthLimiter limiter, TokenRole required) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var metrics = http.RequestServices.GetService<Metrics.ServerMetrics>();
        var remote = http.Connection.RemoteIpAddress;
        if (limiter.RetryAfter(remote) is { } wait)
        {
            metrics?.TokenRefused("throttled");
            var seconds = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return Results.Json(
                new ErrorResponse(string.Create(CultureInfo.InvariantCulture, $"too many failed token attempts from this address; its requests are refused for {seconds}s (Retry-After), then retry with the right token")),
                PolicySerializer.Options,
                statusCode: StatusCodes.Status429TooManyRequests);
        }

        var header = http.Request.Headers.Authorization.ToString();
        var grant = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? tokens.Check(header.AsSpan(7).Trim())
            : TokenGrant.None;
        if (grant.Role == TokenRole.None)
        {
            // A missing token is no guess; a wrong one is.
            if (!string.IsNullOrEmpty(header))
            {
                limiter.Failed(remote);
            }

            metrics?.TokenRefused(string.IsNullOrEmpty(header) ? "missing" : "invalid");
            http.Response.Headers.WWWAuthenticate = "Bearer";
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

        http.Items[GrantKey] = grant;
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
            var services = factoryContext.ApplicationServices;
            var filter = new TokenAuthFilter(services.GetRequiredService<TokenStore>(), services.GetRequiredService<FailedAuthLimiter>(), role);
            return invocation => filter.InvokeAsync(invocation, next);
        });
}

using System.Net;

namespace Mesh.Server.Auth;

/// <summary>
/// The dashboard's read-only views are open to callers on this machine (the server listens on 127.0.0.1 by
/// default, so that is everyone who can reach it), so that <c>http://127.0.0.1:15010/</c> opens in a browser with
/// no setup. A caller from another address needs a token (join or admin), as for listing resources: the views show
/// policies, addresses and traffic, though no secret.
/// </summary>
internal static class LocalReadAccess
{
    public static bool IsLocal(HttpContext context) =>
        context.Connection.RemoteIpAddress is not { } remote || IPAddress.IsLoopback(remote);

    /// <summary>Open to loopback callers; others need <paramref name="role"/> or better.</summary>
    public static TBuilder RequireLocalOrToken<TBuilder>(this TBuilder builder, TokenRole role)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((factoryContext, next) =>
        {
            var services = factoryContext.ApplicationServices;
            var filter = new TokenAuthFilter(services.GetRequiredService<TokenStore>(), services.GetRequiredService<FailedAuthLimiter>(), role);
            return invocation => IsLocal(invocation.HttpContext) ? next(invocation) : filter.InvokeAsync(invocation, next);
        });
}

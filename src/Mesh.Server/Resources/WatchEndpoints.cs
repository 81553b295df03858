using System.Globalization;
using Mesh.Policy.Api;
using Mesh.Server.Auth;
using Mesh.Server.Hosting;
using Mesh.Server.Http;
using Mesh.Server.Identity;
using Mesh.Server.Storage;

namespace Mesh.Server.Resources;

/// <summary>
/// The watch: a long-poll that answers as soon as a matching change is committed after the revision asked for,
/// or with no events when the timeout passes (the client asks again from the revision it got).
/// </summary>
internal static class WatchEndpoints
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static void MapWatchEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet(ApiRoutes.Watch, WatchAsync).RequireToken(TokenRole.Join);

    private static async Task<IResult> WatchAsync(HttpRequest request, IResourceStore store, MeshServerOptions options, CertificateAuthority ca, IHostApplicationLifetime lifetime, CancellationToken cancellationToken)
    {
        if (!long.TryParse(request.Query["revision"].FirstOrDefault() ?? "0", NumberStyles.None, CultureInfo.InvariantCulture, out var revision))
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, "revision must be a non-negative whole number");
        }

        var timeout = DefaultTimeout;
        if (request.Query["timeoutSeconds"].FirstOrDefault() is { } timeoutText)
        {
            if (!int.TryParse(timeoutText, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, "timeoutSeconds must be a whole number of seconds");
            }

            timeout = TimeSpan.FromSeconds(seconds);
        }

        if (timeout > options.MaxWatchTimeout)
        {
            timeout = options.MaxWatchTimeout;
        }

        var filter = new WatchFilter
        {
            Kinds = Split(request, "kinds"),
            Namespaces = Split(request, "namespaces"),
            Hosts = Split(request, "hosts"),
        };
        var matcher = new WatchFilterMatcher(filter);

        // Return promptly at shutdown, so that a stopping server does not hold clients for a whole timeout.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        var metrics = request.HttpContext.RequestServices.GetService<Metrics.ServerMetrics>();
        metrics?.WatchStarted();
        WatchResult result;
        try
        {
            result = await store.WatchAsync(revision, matcher.Matches, timeout, linked.Token);
        }
        finally
        {
            metrics?.WatchEnded();
        }

        var events = new List<WatchEvent>(result.Events.Count);
        foreach (var change in result.Events)
        {
            var type = change.Type switch
            {
                ChangeType.Added => WatchEventTypes.Added,
                ChangeType.Modified => WatchEventTypes.Modified,
                _ => WatchEventTypes.Deleted,
            };
            events.Add(new WatchEvent(type, change.Revision, change.Resource.Json));
        }

        // Every answer names the trust bundle's version, so that clients learn of a new bundle (a root rotation)
        // on their next watch answer and fetch it.
        return ApiResults.Ok(new WatchResponse(result.Revision, result.Resync, events) { TrustBundleVersion = ca.Bundle.Version });
    }

    private static string[] Split(HttpRequest request, string name) =>
        request.Query[name].FirstOrDefault() is { Length: > 0 } value
            ? value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];
}

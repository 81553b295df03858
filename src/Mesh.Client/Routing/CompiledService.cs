namespace Mesh.Client.Routing;

/// <summary>A mesh service as the data plane sees it: its routes (from a VirtualService, a TrafficSplit, or the default).</summary>
internal sealed class CompiledService
{
    public CompiledService(string host, CompiledRoute[] routes, bool hasRoutingPolicy)
    {
        Host = host;
        Routes = routes;
        HasRoutingPolicy = hasRoutingPolicy;

        // The headers the routes test, each given a slot so that a request reads them once (RequestHeaderValues).
        HeaderNames = [.. routes.SelectMany(static r => r.Matchers).SelectMany(static m => m.HeaderNames)
            .Distinct(StringComparer.OrdinalIgnoreCase).Take(RequestHeaderValues.MaxSlots)];
        foreach (var matcher in routes.SelectMany(static r => r.Matchers))
        {
            matcher.BindHeaderSlots(HeaderNames);
        }

        // A route with one match block can be skipped on its guard alone; several blocks are ORed, so no single
        // condition is necessary for the route, and no blocks means it matches everything.
        Guards = [.. routes.Select(static r => r.Matchers.Length == 1 ? r.Matchers[0].Guard() : RouteGuard.None)];
    }

    /// <summary>The fully qualified host.</summary>
    public string Host { get; }

    public CompiledRoute[] Routes { get; }

    /// <summary>One guard per route, in the same order: a necessary condition tested before the route is walked.</summary>
    public RouteGuard[] Guards { get; }

    /// <summary>True when a VirtualService or TrafficSplit shapes the routes (false: the default route to all endpoints).</summary>
    public bool HasRoutingPolicy { get; }

    /// <summary>The first route that matches, in order (Istio's rule), and the block that matched.</summary>
    public bool TryRoute(HttpRequestMessage request, Uri uri, out CompiledRoute route, out RequestMatcher? matched)
    {
        var headers = new RequestHeaderValues(request, HeaderNames);
        var routes = Routes;
        var guards = Guards;
        for (var i = 0; i < routes.Length; i++)
        {
            // The guard first: most routes a request passes by fail on it, without their blocks being read.
            if (!guards[i].Rejects(uri, ref headers) && routes[i].TryMatch(request, uri, ref headers, out matched))
            {
                route = routes[i];
                return true;
            }
        }

        route = null!;
        matched = null;
        return false;
    }

    /// <summary>The header names the routes' conditions test (at most <see cref="RequestHeaderValues.MaxSlots"/>), slot by slot.</summary>
    public string[] HeaderNames { get; }
}

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
    }

    /// <summary>The fully qualified host.</summary>
    public string Host { get; }

    public CompiledRoute[] Routes { get; }

    /// <summary>True when a VirtualService or TrafficSplit shapes the routes (false: the default route to all endpoints).</summary>
    public bool HasRoutingPolicy { get; }

    /// <summary>The header names the routes' conditions test (at most <see cref="RequestHeaderValues.MaxSlots"/>), slot by slot.</summary>
    public string[] HeaderNames { get; }
}

namespace Mesh.Client.Routing;

/// <summary>A mesh service as the data plane sees it: its routes (from a VirtualService, a TrafficSplit, or the default).</summary>
internal sealed class CompiledService(string host, CompiledRoute[] routes, bool hasRoutingPolicy)
{
    /// <summary>The fully qualified host.</summary>
    public string Host { get; } = host;

    public CompiledRoute[] Routes { get; } = routes;

    /// <summary>True when a VirtualService or TrafficSplit shapes the routes (false: the default route to all endpoints).</summary>
    public bool HasRoutingPolicy { get; } = hasRoutingPolicy;
}

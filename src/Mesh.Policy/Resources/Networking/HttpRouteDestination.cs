namespace Mesh.Policy.Resources.Networking;

/// <summary>A destination of a route and its share of the traffic.</summary>
public sealed class HttpRouteDestination
{
    /// <summary>Where to send the request.</summary>
    [RequiredField]
    public Destination? Destination { get; set; }

    /// <summary>Share of traffic, 0 to 100; the weights of one route sum to 100. May be left out with one destination.</summary>
    public int? Weight { get; set; }

    /// <summary>Header operations for requests sent to this destination.</summary>
    public Headers? Headers { get; set; }
}

namespace Mesh.Policy.Resources.Smi;

/// <summary>SMI TCPRoute: a set of ports, referenced by TrafficTarget rules.</summary>
public sealed class TcpRoute : MeshResource<TcpRouteSpec>
{
    /// <summary>Creates an empty TcpRoute.</summary>
    public TcpRoute()
        : base(ResourceKinds.TcpRoute)
    {
    }
}

/// <summary>The spec of a <see cref="TcpRoute"/>.</summary>
public sealed class TcpRouteSpec
{
    /// <summary>The ports matched.</summary>
    public TcpMatch? Matches { get; set; }
}

/// <summary>Port match of a TCPRoute; an empty list means every port.</summary>
public sealed class TcpMatch
{
    /// <summary>The ports.</summary>
    public List<int>? Ports { get; set; }
}

using Mesh.Client.Balancing;
using Mesh.Policy.Resources.Networking;
using Mesh.Policy.Resources.Smi;

namespace Mesh.Client.Routing;

/// <summary>What the compiler gathers about one service before it builds the immutable form.</summary>
internal sealed class ServiceModel(string host)
{
    public string Host { get; } = host;

    public List<EndpointState> Endpoints { get; } = [];

    /// <summary>Defined by a ServiceEntry outside the mesh (MESH_EXTERNAL).</summary>
    public bool IsExternal { get; set; }

    public DestinationRule? DestinationRule { get; set; }

    public VirtualService? VirtualService { get; set; }

    public TrafficSplit? TrafficSplit { get; set; }

    public Dictionary<string, HttpRouteGroup> RouteGroups { get; } = new(StringComparer.Ordinal);

    public SubsetTarget? All { get; set; }

    public Dictionary<string, SubsetTarget> Subsets { get; } = new(StringComparer.Ordinal);
}

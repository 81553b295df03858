namespace Mesh.Client;

/// <summary>Istio's outboundTrafficPolicy mode: what to do with requests to hosts the mesh does not know.</summary>
public enum OutboundTrafficPolicy
{
    /// <summary>Pass them through unchanged (Istio's default).</summary>
    AllowAny,

    /// <summary>Refuse them with 502 and the reason flag <c>EB</c>; a ServiceEntry admits a host.</summary>
    RegistryOnly,
}

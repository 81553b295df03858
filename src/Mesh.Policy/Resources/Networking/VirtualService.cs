namespace Mesh.Policy.Resources.Networking;

/// <summary>Istio VirtualService: how requests to a host are routed.</summary>
public sealed class VirtualService : MeshResource<VirtualServiceSpec>
{
    /// <summary>Creates an empty VirtualService.</summary>
    public VirtualService()
        : base(ResourceKinds.VirtualService)
    {
    }

    /// <inheritdoc />
    public override IEnumerable<string> GetHosts() => Spec.Hosts ?? [];
}

/// <summary>The spec of a <see cref="VirtualService"/>.</summary>
[UnsupportedField("tls", "Mesh routes HTTP traffic only")]
[UnsupportedField("tcp", "Mesh routes HTTP traffic only")]
public sealed class VirtualServiceSpec
{
    /// <summary>The hosts these routes apply to: short names (<c>reviews</c>) or fully qualified names.</summary>
    [RequiredField]
    public List<string>? Hosts { get; set; }

    /// <summary>Only <c>mesh</c> (the default) is meaningful: Mesh has no gateways.</summary>
    public List<string>? Gateways { get; set; }

    /// <summary>The HTTP routes, evaluated in order; the first that matches wins.</summary>
    public List<HttpRoute>? Http { get; set; }

    /// <summary>Namespaces this resource is visible to (<c>*</c> or <c>.</c>).</summary>
    public List<string>? ExportTo { get; set; }
}

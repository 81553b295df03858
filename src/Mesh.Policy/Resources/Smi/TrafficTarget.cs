namespace Mesh.Policy.Resources.Smi;

/// <summary>SMI TrafficTarget: which service accounts may call a destination service account, on which routes.</summary>
public sealed class TrafficTarget : MeshResource<TrafficTargetSpec>
{
    /// <summary>Creates an empty TrafficTarget.</summary>
    public TrafficTarget()
        : base(ResourceKinds.TrafficTarget)
    {
    }
}

/// <summary>The spec of a <see cref="TrafficTarget"/>.</summary>
public sealed class TrafficTargetSpec
{
    /// <summary>The destination identity. Required.</summary>
    [RequiredField]
    public IdentityBinding? Destination { get; set; }

    /// <summary>The allowed callers.</summary>
    public List<IdentityBinding>? Sources { get; set; }

    /// <summary>The routes that are allowed.</summary>
    public List<TrafficTargetRule>? Rules { get; set; }
}

/// <summary>An identity: a ServiceAccount by name and namespace.</summary>
public sealed class IdentityBinding
{
    /// <summary>Always <c>ServiceAccount</c>. Required.</summary>
    [RequiredField]
    public string? Kind { get; set; }

    /// <summary>The service account name. Required.</summary>
    [RequiredField]
    public string? Name { get; set; }

    /// <summary>Its namespace; the resource's namespace when absent.</summary>
    public string? Namespace { get; set; }

    /// <summary>A port on the destination (optional).</summary>
    public int? Port { get; set; }
}

/// <summary>A reference to a route group and, optionally, the named matches allowed from it.</summary>
public sealed class TrafficTargetRule
{
    /// <summary>HTTPRouteGroup or TCPRoute. Required.</summary>
    [RequiredField]
    public string? Kind { get; set; }

    /// <summary>The route resource's name. Required.</summary>
    [RequiredField]
    public string? Name { get; set; }

    /// <summary>Names of matches in the HTTPRouteGroup; all when absent.</summary>
    public List<string>? Matches { get; set; }
}

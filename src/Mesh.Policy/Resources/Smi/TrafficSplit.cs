namespace Mesh.Policy.Resources.Smi;

/// <summary>SMI TrafficSplit: shares of a root service's traffic sent to backend services.</summary>
public sealed class TrafficSplit : MeshResource<TrafficSplitSpec>
{
    /// <summary>Creates an empty TrafficSplit.</summary>
    public TrafficSplit()
        : base(ResourceKinds.TrafficSplit)
    {
    }

    /// <inheritdoc />
    public override IEnumerable<string> GetHosts() => Spec.Service is null ? [] : [Spec.Service];
}

/// <summary>The spec of a <see cref="TrafficSplit"/>.</summary>
public sealed class TrafficSplitSpec
{
    /// <summary>The root service clients call. Required.</summary>
    [RequiredField]
    public string? Service { get; set; }

    /// <summary>The backends and their relative weights. Required.</summary>
    [RequiredField]
    public List<TrafficSplitBackend>? Backends { get; set; }

    /// <summary>HTTPRouteGroups whose matches restrict the split (v1alpha3 and later).</summary>
    public List<TypedObjectReference>? Matches { get; set; }
}

/// <summary>A backend service and its relative weight.</summary>
public sealed class TrafficSplitBackend
{
    /// <summary>The backend service. Required.</summary>
    [RequiredField]
    public string? Service { get; set; }

    /// <summary>Relative weight (weights need not sum to 100).</summary>
    public int Weight { get; set; }
}

/// <summary>A reference to another resource by kind and name.</summary>
public sealed class TypedObjectReference
{
    /// <summary>The kind referred to. Required.</summary>
    [RequiredField]
    public string? Kind { get; set; }

    /// <summary>The name referred to. Required.</summary>
    [RequiredField]
    public string? Name { get; set; }

    /// <summary>The API group (optional).</summary>
    public string? ApiGroup { get; set; }
}

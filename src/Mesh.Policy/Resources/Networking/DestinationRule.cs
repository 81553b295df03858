namespace Mesh.Policy.Resources.Networking;

/// <summary>Istio DestinationRule: subsets and traffic policy for a destination host.</summary>
public sealed class DestinationRule : MeshResource<DestinationRuleSpec>
{
    /// <summary>Creates an empty DestinationRule.</summary>
    public DestinationRule()
        : base(ResourceKinds.DestinationRule)
    {
    }

    /// <inheritdoc />
    public override IEnumerable<string> GetHosts() => Spec.Host is null ? [] : [Spec.Host];
}

/// <summary>The spec of a <see cref="DestinationRule"/>.</summary>
[UnsupportedField("workloadSelector", "DestinationRules apply to every caller in Mesh")]
public sealed class DestinationRuleSpec
{
    /// <summary>The destination host the rule applies to. Required.</summary>
    [RequiredField]
    public string? Host { get; set; }

    /// <summary>The policy for all traffic to the host.</summary>
    public TrafficPolicy? TrafficPolicy { get; set; }

    /// <summary>Named subsets of the host's endpoints, selected by labels.</summary>
    public List<Subset>? Subsets { get; set; }

    /// <summary>Namespaces this resource is visible to.</summary>
    public List<string>? ExportTo { get; set; }
}

/// <summary>A named subset of endpoints, with a policy that overrides the rule's field by field.</summary>
public sealed class Subset
{
    /// <summary>The subset name, referenced by routes. Required.</summary>
    [RequiredField]
    public string? Name { get; set; }

    /// <summary>Endpoints with all these labels belong to the subset.</summary>
    public Dictionary<string, string>? Labels { get; set; }

    /// <summary>Overrides of the rule's traffic policy.</summary>
    public TrafficPolicy? TrafficPolicy { get; set; }
}

using System.Text.Json.Serialization;

namespace Mesh.Policy.Resources;

/// <summary>Kubernetes-style metadata: identity and bookkeeping of a resource.</summary>
[UnsupportedField("generateName", "give every resource an explicit name")]
[UnsupportedField("finalizers")]
[UnsupportedField("ownerReferences")]
[UnsupportedField("deletionTimestamp")]
public sealed class ObjectMeta
{
    /// <summary>The resource name (a DNS-1123 subdomain). Required.</summary>
    [RequiredField]
    public string? Name { get; set; }

    /// <summary>The namespace; <c>default</c> when not given.</summary>
    public string? Namespace { get; set; }

    /// <summary>Labels of the resource itself (not of workloads).</summary>
    public Dictionary<string, string>? Labels { get; set; }

    /// <summary>Free-form annotations.</summary>
    public Dictionary<string, string>? Annotations { get; set; }

    /// <summary>Set by the control server: the store revision at which the resource last changed.</summary>
    public string? ResourceVersion { get; set; }

    /// <summary>Set by the control server: incremented each time the spec changes.</summary>
    public long? Generation { get; set; }

    /// <summary>Set by the control server when the resource is first created.</summary>
    public DateTimeOffset? CreationTimestamp { get; set; }

    /// <summary>Set by the control server: a unique id for this incarnation of the resource.</summary>
    [JsonPropertyName("uid")]
    public string? Uid { get; set; }

    /// <summary>Kubernetes bookkeeping that kubectl writes; accepted and dropped.</summary>
    [JsonIgnore]
    internal object? ManagedFields { get; set; }
}

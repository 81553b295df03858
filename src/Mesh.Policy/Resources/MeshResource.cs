using System.Text.Json.Serialization;

namespace Mesh.Policy.Resources;

/// <summary>
/// A policy resource in Kubernetes form: <c>apiVersion</c>, <c>kind</c>, <c>metadata</c> and a typed <c>spec</c>.
/// </summary>
public abstract class MeshResource
{
    /// <summary>Creates a resource of the given kind.</summary>
    protected MeshResource(ResourceKind kind) => KindInfo = kind;

    /// <summary>The API group and version, e.g. <c>networking.istio.io/v1</c>.</summary>
    [JsonPropertyOrder(-4)]
    public string ApiVersion { get; set; } = "";

    /// <summary>The kind, e.g. <c>VirtualService</c>.</summary>
    [JsonPropertyOrder(-3)]
    public string Kind => KindInfo.Kind;

    /// <summary>Name, namespace, labels and bookkeeping.</summary>
    [JsonPropertyOrder(-2)]
    public ObjectMeta Metadata { get; set; } = new();

    /// <summary>What this kind is: its group, versions, plural and short names.</summary>
    [JsonIgnore]
    public ResourceKind KindInfo { get; }

    /// <summary>The spec, untyped.</summary>
    [JsonIgnore]
    public object SpecObject => GetSpec();

    /// <summary>The identity of this resource: kind, namespace and name.</summary>
    [JsonIgnore]
    public ResourceKey Key => new(Kind, Metadata.Namespace ?? ResourceKey.DefaultNamespace, Metadata.Name ?? "");

    /// <summary>Returns the spec.</summary>
    protected abstract object GetSpec();

    /// <summary>The hosts this resource concerns, for watch filtering (fully qualified where it can tell).</summary>
    public virtual IEnumerable<string> GetHosts() => [];
}

/// <summary>A <see cref="MeshResource"/> with a typed spec.</summary>
/// <typeparam name="TSpec">The spec type.</typeparam>
public abstract class MeshResource<TSpec> : MeshResource
    where TSpec : class, new()
{
    /// <summary>Creates a resource of the given kind with an empty spec.</summary>
    protected MeshResource(ResourceKind kind)
        : base(kind)
    {
    }

    /// <summary>The resource's specification.</summary>
    [JsonPropertyOrder(-1)]
    public TSpec Spec { get; set; } = new();

    /// <inheritdoc />
    protected override object GetSpec() => Spec;
}

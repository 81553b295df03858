namespace Mesh.Policy.Resources;

/// <summary>The identity of a resource: kind, namespace and name.</summary>
/// <param name="Kind">The kind, e.g. <c>VirtualService</c>.</param>
/// <param name="Namespace">The namespace.</param>
/// <param name="Name">The name.</param>
public readonly record struct ResourceKey(string Kind, string Namespace, string Name)
{
    /// <summary>The namespace of a resource that names none.</summary>
    public const string DefaultNamespace = "default";

    /// <summary><c>Kind namespace/name</c>.</summary>
    public override string ToString() => $"{Kind} {Namespace}/{Name}";
}

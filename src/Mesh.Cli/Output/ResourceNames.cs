using Mesh.Policy.Resources;

namespace Mesh.Cli.Output;

/// <summary>kubectl's ways of naming a resource type and a resource in its messages.</summary>
internal static class ResourceNames
{
    /// <summary><c>virtualservice.networking.istio.io</c>: the singular, fully qualified type, as in "…/reviews created".</summary>
    public static string Type(ResourceKind kind) => kind.Kind.ToLowerInvariant() + "." + kind.Group;

    /// <summary>As <see cref="Type(ResourceKind)"/> for a kind name from the server; an unknown name is lower-cased alone.</summary>
    public static string Type(string kind) => ResourceKinds.FindExact(kind) is { } k ? Type(k) : kind.ToLowerInvariant();

    /// <summary><c>virtualservices.networking.istio.io</c>: the plural, fully qualified type, as in "… "x" not found".</summary>
    public static string PluralType(ResourceKind kind) => kind.Plural + "." + kind.Group;

    /// <summary><c>virtualservice.networking.istio.io/reviews</c>.</summary>
    public static string Qualified(MeshResource resource) => Type(resource.KindInfo) + "/" + resource.Metadata.Name;

    /// <summary>kubectl's message for a missing resource.</summary>
    public static string NotFound(ResourceKind kind, string @namespace, string name) =>
        $"Error from server (NotFound): {PluralType(kind)} \"{name}\" not found in namespace \"{@namespace}\"";
}

namespace Mesh.Policy.Parsing;

/// <summary>Options for <see cref="PolicyParser"/>.</summary>
public sealed class PolicyParseOptions
{
    /// <summary>The namespace given to resources that name none. <value>Default: <c>default</c>.</value></summary>
    public string DefaultNamespace { get; init; } = Resources.ResourceKey.DefaultNamespace;

    /// <summary>
    /// When set (as <c>kubectl -n</c> does), resources without a namespace get this one, and a resource that
    /// names a different namespace is an error.
    /// </summary>
    public string? EnforcedNamespace { get; init; }
}

namespace Mesh.Policy.Resources;

/// <summary>Describes one kind of resource that Mesh accepts.</summary>
public sealed class ResourceKind
{
    internal ResourceKind(string kind, string group, string[] versions, string plural, string[] shortNames, Type resourceType, Func<MeshResource> create)
    {
        Kind = kind;
        Group = group;
        Versions = versions;
        Plural = plural;
        ShortNames = shortNames;
        ResourceType = resourceType;
        Create = create;
    }

    /// <summary>The kind, e.g. <c>VirtualService</c>.</summary>
    public string Kind { get; }

    /// <summary>The API group, e.g. <c>networking.istio.io</c>.</summary>
    public string Group { get; }

    /// <summary>The versions accepted, newest first.</summary>
    public IReadOnlyList<string> Versions { get; }

    /// <summary>The plural resource name, e.g. <c>virtualservices</c>; also the path segment in the server API.</summary>
    public string Plural { get; }

    /// <summary>Short names, e.g. <c>vs</c>.</summary>
    public IReadOnlyList<string> ShortNames { get; }

    /// <summary>The CLR type that holds this kind.</summary>
    public Type ResourceType { get; }

    /// <summary>The preferred (newest) apiVersion, e.g. <c>networking.istio.io/v1</c>.</summary>
    public string PreferredApiVersion => Group + "/" + Versions[0];

    internal Func<MeshResource> Create { get; }

    /// <summary>True when <paramref name="apiVersion"/> is one of this kind's group/version pairs.</summary>
    public bool AcceptsApiVersion(string apiVersion)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !apiVersion.AsSpan(0, slash).SequenceEqual(Group))
        {
            return false;
        }

        var version = apiVersion[(slash + 1)..];
        foreach (var v in Versions)
        {
            if (v == version)
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public override string ToString() => Kind;
}

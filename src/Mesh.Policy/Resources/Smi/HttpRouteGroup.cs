namespace Mesh.Policy.Resources.Smi;

/// <summary>SMI HTTPRouteGroup: named HTTP request matches used by TrafficSplit and TrafficTarget.</summary>
public sealed class HttpRouteGroup : MeshResource<HttpRouteGroupSpec>
{
    /// <summary>Creates an empty HttpRouteGroup.</summary>
    public HttpRouteGroup()
        : base(ResourceKinds.HttpRouteGroup)
    {
    }
}

/// <summary>The spec of an <see cref="HttpRouteGroup"/>.</summary>
public sealed class HttpRouteGroupSpec
{
    /// <summary>The named matches.</summary>
    public List<HttpMatch>? Matches { get; set; }
}

/// <summary>One named HTTP match: every field given must match.</summary>
public sealed class HttpMatch
{
    /// <summary>The match name, referenced by TrafficTarget rules. Required.</summary>
    [RequiredField]
    public string? Name { get; set; }

    /// <summary>A regular expression the whole path must match.</summary>
    public string? PathRegex { get; set; }

    /// <summary>HTTP methods, or <c>*</c> for any.</summary>
    public List<string>? Methods { get; set; }

    /// <summary>Header name to regular expression. Written either as a map or as a list of one-key maps.</summary>
    [Parsing.MapOrListOfMaps]
    public Dictionary<string, string>? Headers { get; set; }
}

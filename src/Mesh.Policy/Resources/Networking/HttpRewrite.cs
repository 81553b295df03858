namespace Mesh.Policy.Resources.Networking;

/// <summary>Rewrites applied before forwarding.</summary>
public sealed class HttpRewrite
{
    /// <summary>Replaces the matched prefix (or the whole path for exact/regex matches) with this value.</summary>
    public string? Uri { get; set; }

    /// <summary>Replaces the authority (Host header).</summary>
    public string? Authority { get; set; }

    /// <summary>Rewrites the path with a regular expression.</summary>
    public RegexRewrite? UriRegexRewrite { get; set; }
}

/// <summary>A regular-expression rewrite.</summary>
public sealed class RegexRewrite
{
    /// <summary>The expression to match.</summary>
    [RequiredField]
    public string? Match { get; set; }

    /// <summary>The replacement; <c>\1</c> refers to a capture group.</summary>
    public string? Rewrite { get; set; }
}

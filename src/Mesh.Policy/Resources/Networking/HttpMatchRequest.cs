namespace Mesh.Policy.Resources.Networking;

/// <summary>One match condition: every field given must match.</summary>
[UnsupportedField("statPrefix")]
public sealed class HttpMatchRequest
{
    /// <summary>A name for the match, appended to the route's name.</summary>
    public string? Name { get; set; }

    /// <summary>Matches the path (without the query string).</summary>
    public StringMatch? Uri { get; set; }

    /// <summary>Matches the scheme (<c>http</c>, <c>https</c>).</summary>
    public StringMatch? Scheme { get; set; }

    /// <summary>Matches the HTTP method.</summary>
    public StringMatch? Method { get; set; }

    /// <summary>Matches the authority (Host header).</summary>
    public StringMatch? Authority { get; set; }

    /// <summary>Header matches by (lower-case) header name; <c>cookie</c> included.</summary>
    public Dictionary<string, StringMatch>? Headers { get; set; }

    /// <summary>Matches the destination port.</summary>
    public int? Port { get; set; }

    /// <summary>Matches the calling workload's labels.</summary>
    public Dictionary<string, string>? SourceLabels { get; set; }

    /// <summary>Only <c>mesh</c> is meaningful: Mesh has no gateways.</summary>
    public List<string>? Gateways { get; set; }

    /// <summary>Query parameter matches.</summary>
    public Dictionary<string, StringMatch>? QueryParams { get; set; }

    /// <summary>Makes <see cref="Uri"/> case-insensitive.</summary>
    public bool? IgnoreUriCase { get; set; }

    /// <summary>Headers that must not match (an empty match: must be absent).</summary>
    public Dictionary<string, StringMatch>? WithoutHeaders { get; set; }

    /// <summary>Matches the calling workload's namespace.</summary>
    public string? SourceNamespace { get; set; }
}

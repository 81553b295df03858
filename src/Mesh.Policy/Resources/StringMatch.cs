namespace Mesh.Policy.Resources;

/// <summary>
/// Istio's string match: exactly one of <see cref="Exact"/>, <see cref="Prefix"/> or <see cref="Regex"/>. An empty
/// match (no field set) on a header or query parameter means "present, any value".
/// </summary>
public sealed class StringMatch
{
    /// <summary>The value must equal this string.</summary>
    public string? Exact { get; set; }

    /// <summary>The value must start with this string.</summary>
    public string? Prefix { get; set; }

    /// <summary>The whole value must match this regular expression (RE2 syntax, as Istio).</summary>
    public string? Regex { get; set; }
}

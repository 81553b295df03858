namespace Mesh.Client.Routing;

/// <summary>A compiled mirror: where copies go and the share of requests copied.</summary>
/// <param name="Target">The mirror destination.</param>
/// <param name="Percent">0 to 100.</param>
internal sealed record MirrorTarget(SubsetTarget Target, double Percent);

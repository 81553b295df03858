using Mesh.Client.Http;

namespace Mesh.Client.Routing;

/// <summary>One destination of a route: its target, its cumulative weight bound and its header operations.</summary>
/// <param name="Target">Where requests go.</param>
/// <param name="UpperBound">Picks in [previous bound, this bound) choose this destination.</param>
/// <param name="Headers">Header operations for this destination, or null.</param>
internal sealed record WeightedTarget(SubsetTarget Target, int UpperBound, HeaderRewriter? Headers);

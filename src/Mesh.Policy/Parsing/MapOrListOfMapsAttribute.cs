namespace Mesh.Policy.Parsing;

/// <summary>
/// Lets a map field also be written as a list of one-key maps (<c>- "user-agent": ".*"</c>), as some real
/// SMI files write HTTPRouteGroup headers.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class MapOrListOfMapsAttribute : Attribute;

namespace Mesh.Policy.Resources;

/// <summary>A percentage, 0 to 100, as Istio writes it: <c>percentage: { value: 10.5 }</c>.</summary>
public sealed class Percent
{
    /// <summary>The percentage, 0 to 100 inclusive.</summary>
    public double Value { get; set; }
}

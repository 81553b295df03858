namespace Mesh.Policy.Resources;

/// <summary>Selects workloads by their labels (<c>selector.matchLabels</c>).</summary>
public sealed class WorkloadSelector
{
    /// <summary>Every label here must be on the workload.</summary>
    public Dictionary<string, string>? MatchLabels { get; set; }
}

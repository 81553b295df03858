namespace Mesh.Policy.Resources;

/// <summary>Selects workloads by their labels (<c>selector.matchLabels</c>).</summary>
public sealed class WorkloadSelector
{
    /// <summary>Every label here must be on the workload.</summary>
    public Dictionary<string, string>? MatchLabels { get; set; }

    /// <summary>True when every label of <see cref="MatchLabels"/> is on the workload; no labels select every workload.</summary>
    /// <param name="labels">The workload's labels.</param>
    public bool Matches(IReadOnlyDictionary<string, string> labels) => Matches(MatchLabels, labels);

    /// <summary>
    /// The selector rule for a bare label map (a DestinationRule subset's <c>labels</c>): every entry of
    /// <paramref name="matchLabels"/> is on the workload with the same value (case-sensitive); null or empty
    /// selects every workload.
    /// </summary>
    /// <param name="matchLabels">The labels a workload must carry.</param>
    /// <param name="labels">The workload's labels.</param>
    public static bool Matches(Dictionary<string, string>? matchLabels, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (matchLabels is null)
        {
            return true;
        }

        // Dictionary's struct enumerator: no allocation, so callers may use this per endpoint.
        foreach (var (key, value) in matchLabels)
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        return true;
    }
}

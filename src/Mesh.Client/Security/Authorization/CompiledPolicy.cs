namespace Mesh.Client.Security.Authorization;

/// <summary>
/// One policy that applies to this workload, compiled: its name (for logs only, never for callers) and its rules.
/// It matches a request when any rule does; a policy without rules matches nothing.
/// </summary>
internal sealed class CompiledPolicy(string name, CompiledRule[] rules)
{
    /// <summary><c>namespace/name</c>, or <c>TrafficTarget namespace/name</c> for SMI.</summary>
    public string Name { get; } = name;

    public bool Matches(in AuthorizationRequest request)
    {
        foreach (var rule in rules)
        {
            if (rule.Matches(request))
            {
                return true;
            }
        }

        return false;
    }
}

namespace Mesh.Client.Security.Authorization;

/// <summary>
/// The authorization policy in force for this workload, compiled off the request path and replaced as a whole on
/// each policy change. Istio's order: any matching DENY policy denies; then, when ALLOW policies apply, one of them
/// must match; with no ALLOW policy, the request is allowed. Immutable and lock-free.
/// </summary>
internal sealed class AuthorizationEngine
{
    private readonly CompiledPolicy[] _deny;
    private readonly CompiledPolicy[] _allow;

    public AuthorizationEngine(CompiledPolicy[] deny, CompiledPolicy[] allow, long revision = 0)
    {
        _deny = deny;
        _allow = allow;
        Revision = revision;
    }

    /// <summary>No policy applies: every request is allowed, and the middleware skips evaluation.</summary>
    public static AuthorizationEngine AllowAll { get; } = new([], []);

    /// <summary>The policy revision it was compiled from.</summary>
    public long Revision { get; }

    /// <summary>True when no policy applies to this workload.</summary>
    public bool IsEmpty => _deny.Length == 0 && _allow.Length == 0;

    public int DenyPolicies => _deny.Length;

    public int AllowPolicies => _allow.Length;

    public AuthorizationDecision Evaluate(in AuthorizationRequest request)
    {
        foreach (var policy in _deny)
        {
            if (policy.Matches(request))
            {
                return new AuthorizationDecision(false, policy.Name);
            }
        }

        if (_allow.Length == 0)
        {
            return AuthorizationDecision.NoPolicy;
        }

        foreach (var policy in _allow)
        {
            if (policy.Matches(request))
            {
                return new AuthorizationDecision(true, policy.Name);
            }
        }

        return AuthorizationDecision.NoAllowMatched;
    }
}

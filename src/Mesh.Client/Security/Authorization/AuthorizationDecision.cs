namespace Mesh.Client.Security.Authorization;

/// <summary>The outcome of authorizing one request, and why (for logs).</summary>
/// <param name="Allowed">Whether the request may proceed.</param>
/// <param name="Policy">The policy that decided (a matching DENY or ALLOW policy); null when none matched.</param>
internal readonly record struct AuthorizationDecision(bool Allowed, string? Policy)
{
    /// <summary>Allowed because no ALLOW policy applies (and no DENY matched).</summary>
    public static AuthorizationDecision NoPolicy => new(true, null);

    /// <summary>Denied because ALLOW policies apply and none matched.</summary>
    public static AuthorizationDecision NoAllowMatched => new(false, null);
}

namespace Mesh.Server.Auth;

/// <summary>
/// The workload identities a bound join token may obtain certificates for: service accounts of one namespace
/// (<c>*</c> for any of them). The admin token and the server's default join token carry no scope: they may
/// obtain any identity of the trust domain.
/// </summary>
internal sealed record IdentityScope(string Namespace, IReadOnlyList<string> ServiceAccounts)
{
    public const string AnyServiceAccount = "*";

    public bool Allows(string @namespace, string serviceAccount)
    {
        if (!string.Equals(@namespace, Namespace, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var allowed in ServiceAccounts)
        {
            if (allowed == AnyServiceAccount || string.Equals(allowed, serviceAccount, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>What the token may obtain, in words, for error messages.</summary>
    public string Describe() =>
        ServiceAccounts.Contains(AnyServiceAccount)
            ? $"any service account of namespace {Namespace}"
            : $"namespace {Namespace}, service account{(ServiceAccounts.Count == 1 ? "" : "s")} {string.Join(", ", ServiceAccounts)}";
}

/// <summary>What a presented token grants: a role and, for a bound join token, the identities it may obtain.</summary>
/// <param name="Role">The role; <see cref="TokenRole.None"/> for an unknown token.</param>
/// <param name="Scope">The identities it may obtain; null means any (admin token, default join token).</param>
internal readonly record struct TokenGrant(TokenRole Role, IdentityScope? Scope)
{
    public static readonly TokenGrant None = new(TokenRole.None, null);
}

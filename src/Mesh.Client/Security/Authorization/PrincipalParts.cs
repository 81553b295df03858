namespace Mesh.Client.Security.Authorization;

/// <summary>
/// Reads the parts of a principal (<c>TRUST-DOMAIN/ns/NAMESPACE/sa/SERVICE-ACCOUNT</c>) as spans, without
/// allocating, for the per-request namespace checks.
/// </summary>
internal static class PrincipalParts
{
    /// <summary>The namespace of <paramref name="principal"/>; empty when it is null or not in principal form.</summary>
    public static ReadOnlySpan<char> Namespace(string? principal)
    {
        if (principal is null)
        {
            return [];
        }

        var span = principal.AsSpan();
        var ns = span.IndexOf("/ns/", StringComparison.Ordinal);
        if (ns < 0)
        {
            return [];
        }

        var rest = span[(ns + 4)..];
        var sa = rest.IndexOf("/sa/", StringComparison.Ordinal);
        return sa <= 0 ? [] : rest[..sa];
    }

    /// <summary>The principal form of a service account, as the CA issues it.</summary>
    public static string Of(string trustDomain, string ns, string serviceAccount) =>
        trustDomain + "/ns/" + ns + "/sa/" + serviceAccount;
}

namespace Mesh.Server.Identity;

/// <summary>What SPIFFE allows in a trust domain and what Kubernetes allows in namespace and service account names.</summary>
internal static class TrustDomains
{
    /// <summary>A SPIFFE trust domain: lower-case letters, digits, '.', '-', '_'.</summary>
    public static bool IsValid(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= 255
        && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-' or '_');

    /// <summary>A namespace or service account name: a DNS-1123 subdomain (lower-case letters, digits, '-', '.').</summary>
    public static bool IsName(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= 253
        && char.IsAsciiLetterOrDigit(value[0]) && char.IsAsciiLetterOrDigit(value[^1])
        && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.');
}

namespace Mesh.Policy.Resources;

/// <summary>
/// DNS-1123 name rules as Kubernetes and Istio apply them to names, namespaces and hosts; one definition for the
/// policy validators, the client's options and the control server's registrations.
/// </summary>
public static class DnsNames
{
    /// <summary>
    /// True for a DNS-1123 label: 1 to 63 lower-case letters, digits and '-', starting and ending with a letter or
    /// digit. Null and empty are not labels.
    /// </summary>
    public static bool IsLabel(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 63 || value[0] == '-' || value[^1] == '-')
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True for a DNS-1123 subdomain: at most 253 characters of dot-separated labels.</summary>
    public static bool IsSubdomain(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 253)
        {
            return false;
        }

        foreach (var label in value.Split('.'))
        {
            if (!IsLabel(label))
            {
                return false;
            }
        }

        return true;
    }
}

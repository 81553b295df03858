using System.Net;
using Mesh.Policy.Resources;

namespace Mesh.Policy.Validation;

/// <summary>Checks for where an endpoint is: its address and its locality.</summary>
internal static class EndpointRules
{
    private const int MaxLocalitySegments = 3;

    /// <summary>
    /// An IPv6 address without a zone, or an IPv4 address in dotted-quad form. <see cref="IPAddress.TryParse(string?, out IPAddress?)"/>
    /// alone also takes "1" (0.0.0.1), "127.1" and "0x7f.0.0.1", which are surely mistakes in policy.
    /// </summary>
    public static bool IsIpAddress(string value)
    {
        if (!IPAddress.TryParse(value, out var address))
        {
            return false;
        }

        return address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? !value.Contains('%', StringComparison.Ordinal)
            : string.Equals(address.ToString(), value, StringComparison.Ordinal);
    }

    /// <summary>
    /// A DNS name (any case) that is not an IP address in disguise: its last label is not all digits, as RFC 3696
    /// asks of top-level domains, so that <c>999.1.1.1</c> is not taken for a host name.
    /// </summary>
    public static bool IsHostName(string value)
    {
        if (!DnsNames.IsSubdomain(value.ToLowerInvariant()))
        {
            return false;
        }

        var last = value[(value.LastIndexOf('.') + 1)..];
        foreach (var c in last)
        {
            if (!char.IsAsciiDigit(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <c>region[/zone[/subzone]]</c> as Istio writes it; each part as a Kubernetes label value (the topology labels
    /// it comes from): 1-63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit.
    /// </summary>
    public static void Locality(DiagnosticBag bag, string path, string? locality)
    {
        if (locality is null)
        {
            return;
        }

        var parts = locality.Split('/');
        var valid = parts.Length <= MaxLocalitySegments;
        foreach (var part in parts)
        {
            valid &= part.Length is > 0 and <= 63 && ValidationRules.IsLabelValue(part);
        }

        if (!valid)
        {
            bag.Error(path, $"\"{ValidationRules.Shorten(locality)}\" is not a locality: write region, region/zone or region/zone/subzone, each part 1-63 letters, digits, '-', '_' or '.' (e.g. eu-west-1/eu-west-1a)");
        }
    }
}

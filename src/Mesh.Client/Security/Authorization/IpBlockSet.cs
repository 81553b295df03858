using System.Net;

namespace Mesh.Client.Security.Authorization;

/// <summary>
/// IP addresses and CIDR ranges (<c>ipBlocks</c>, <c>source.ip</c> values), parsed once. A single address is a
/// /32 or /128 range. IPv4 callers seen through an IPv6 socket (<c>::ffff:a.b.c.d</c>) match their IPv4 ranges.
/// </summary>
internal sealed class IpBlockSet
{
    private readonly IPNetwork[] _networks;

    private IpBlockSet(IPNetwork[] networks) => _networks = networks;

    /// <summary>Compiles <paramref name="blocks"/> (already validated), or returns null when the field is absent.</summary>
    public static IpBlockSet? Create(List<string>? blocks)
    {
        if (blocks is not { Count: > 0 })
        {
            return null;
        }

        var networks = new IPNetwork[blocks.Count];
        for (var i = 0; i < networks.Length; i++)
        {
            networks[i] = Parse(blocks[i]);
        }

        return new IpBlockSet(networks);
    }

    private static IPNetwork Parse(string block)
    {
        if (IPNetwork.TryParse(block, out var network))
        {
            return network;
        }

        if (IPAddress.TryParse(block, out var address))
        {
            return new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        }

        // The validator refuses such values; a policy that reaches the data plane without validation fails here, at
        // compile time, and the last good policy stays in force.
        throw new FormatException($"\"{block}\" is not an IP address or CIDR range");
    }

    /// <summary>True when <paramref name="address"/> is in any block; false for an unknown address.</summary>
    public bool Contains(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (var network in _networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }
}

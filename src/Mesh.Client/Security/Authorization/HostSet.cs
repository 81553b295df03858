namespace Mesh.Client.Security.Authorization;

/// <summary>
/// Compiled <c>hosts</c> values, matched case-insensitively against the Host header. A value without a port matches
/// the host with any port (<c>reviews</c> matches <c>reviews:9080</c>); a value with a port matches that port only.
/// </summary>
internal sealed class HostSet
{
    private readonly StringPattern[] _withoutPort;
    private readonly StringPattern[] _withPort;

    private HostSet(StringPattern[] withoutPort, StringPattern[] withPort)
    {
        _withoutPort = withoutPort;
        _withPort = withPort;
    }

    public static HostSet? Create(List<string>? hosts)
    {
        if (hosts is not { Count: > 0 })
        {
            return null;
        }

        var without = new List<StringPattern>();
        var with = new List<StringPattern>();
        foreach (var host in hosts)
        {
            var pattern = StringPattern.Create(host, ignoreCase: true);
            (HasPort(host) || (host.Length > 1 && host[^1] == '*') ? with : without).Add(pattern);
        }

        return new HostSet([.. without], [.. with]);
    }

    public bool Matches(string host)
    {
        if (host.Length == 0)
        {
            return false; // no Host header (HTTP/1.0): nothing to match, not even "*"
        }

        foreach (var pattern in _withPort)
        {
            if (pattern.Matches(host))
            {
                return true;
            }
        }

        if (_withoutPort.Length == 0)
        {
            return false;
        }

        var name = WithoutPort(host);
        foreach (var pattern in _withoutPort)
        {
            if (pattern.Matches(name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The host without a trailing <c>:port</c> (IPv6 literals keep their brackets).</summary>
    internal static ReadOnlySpan<char> WithoutPort(string host)
    {
        var colon = host.LastIndexOf(':');
        if (colon < 0 || host.IndexOf(']', colon) >= 0 || (host[0] != '[' && host.IndexOf(':') != colon))
        {
            return host;
        }

        for (var i = colon + 1; i < host.Length; i++)
        {
            if (!char.IsAsciiDigit(host[i]))
            {
                return host;
            }
        }

        return host.AsSpan(0, colon);
    }

    private static bool HasPort(string host) => WithoutPort(host).Length != host.Length;
}

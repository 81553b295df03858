namespace Mesh.Policy.Resources;

/// <summary>
/// Host name rules of the mesh: <c>reviews</c>, <c>reviews.default</c>, <c>reviews.default.svc</c> and
/// <c>reviews.default.svc.cluster.local</c> name the same service; a short name resolves in the namespace of
/// whoever wrote it.
/// </summary>
public static class ServiceHost
{
    /// <summary>The cluster domain suffix, as in Kubernetes.</summary>
    public const string ClusterDomain = "svc.cluster.local";

    /// <summary>
    /// The fully qualified form of <paramref name="host"/> (no port), resolving a short name in
    /// <paramref name="defaultNamespace"/>. Names that are not of the service forms (external hosts such as
    /// <c>httpbin.org</c> or <c>www.google.com</c>) are returned lower-cased and otherwise unchanged, as are
    /// wildcards.
    /// </summary>
    public static string Qualify(string host, string defaultNamespace)
    {
        var h = StripPort(host).ToLowerInvariant().TrimEnd('.');
        if (h.Contains('*', StringComparison.Ordinal))
        {
            return h;
        }

        var dots = h.Count(c => c == '.');
        return dots switch
        {
            0 => $"{h}.{defaultNamespace}.{ClusterDomain}",
            1 when !LooksExternal(h) => $"{h}.{ClusterDomain}",
            2 when h.EndsWith(".svc", StringComparison.Ordinal) => h + ".cluster.local",
            3 when h.EndsWith(".svc.cluster", StringComparison.Ordinal) => h + ".local",
            _ => h,
        };
    }

    /// <summary>The service name and namespace of a qualified in-mesh host, or false for an external host.</summary>
    public static bool TrySplit(string qualifiedHost, out string service, out string @namespace)
    {
        service = "";
        @namespace = "";
        if (!qualifiedHost.EndsWith("." + ClusterDomain, StringComparison.Ordinal))
        {
            return false;
        }

        var head = qualifiedHost[..^(ClusterDomain.Length + 1)];
        var dot = head.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || head.IndexOf('.', dot + 1) >= 0)
        {
            return false;
        }

        service = head[..dot];
        @namespace = head[(dot + 1)..];
        return true;
    }

    /// <summary>
    /// The names a qualified <paramref name="host"/> is known by to a caller in <paramref name="callerNamespace"/>:
    /// the host itself, and for an in-mesh service <c>name.ns</c>, <c>name.ns.svc</c>, <c>name.ns.svc.cluster</c>,
    /// plus the short <c>name</c> when the service is in the caller's namespace. An external host is known only by
    /// itself.
    /// </summary>
    /// <param name="host">A qualified host (<see cref="Qualify"/>).</param>
    /// <param name="callerNamespace">The namespace of the workload that writes the short forms.</param>
    public static IReadOnlyList<string> Aliases(string host, string callerNamespace)
    {
        if (!TrySplit(host, out var name, out var ns))
        {
            return [host];
        }

        var qualified = name + "." + ns;
        return ns == callerNamespace
            ? [host, qualified, qualified + ".svc", qualified + ".svc.cluster", name]
            : [host, qualified, qualified + ".svc", qualified + ".svc.cluster"];
    }

    /// <summary>Removes a <c>:port</c> suffix (not from IPv6 literals without brackets).</summary>
    public static string StripPort(string host)
    {
        if (host.StartsWith('['))
        {
            var close = host.IndexOf(']', StringComparison.Ordinal);
            return close > 0 ? host[1..close] : host;
        }

        var colon = host.LastIndexOf(':');
        return colon > 0 && host.IndexOf(':', StringComparison.Ordinal) == colon ? host[..colon] : host;
    }

    /// <summary>True when the wildcard or exact <paramref name="pattern"/> covers <paramref name="host"/> (both qualified).</summary>
    public static bool Covers(string pattern, string host)
    {
        if (pattern == "*")
        {
            return true;
        }

        if (pattern.StartsWith("*.", StringComparison.Ordinal))
        {
            return host.EndsWith(pattern[1..], StringComparison.Ordinal);
        }

        return pattern == host;
    }

    // "foo.bar" could be service foo in namespace bar, or an external domain: the well-known top-level
    // domains are treated as external so that "httpbin.org" is not read as service httpbin in namespace org.
    private static bool LooksExternal(string host)
    {
        var tld = host[(host.LastIndexOf('.') + 1)..];
        return tld is "com" or "org" or "net" or "io" or "dev" or "edu" or "gov" or "info" or "co" or "app" or "cloud" or "local" or "internal" or "localhost";
    }
}

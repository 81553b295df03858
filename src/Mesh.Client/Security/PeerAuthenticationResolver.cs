using System.Globalization;
using Mesh.Policy.Resources;
using Mesh.Policy.Resources.Security;

namespace Mesh.Client.Security;

/// <summary>
/// Resolves PeerAuthentication as Istio does: a mesh-wide policy (root namespace, no selector), overridden by the
/// workload's namespace-wide policy (no selector), overridden by a policy of that namespace whose selector
/// matches the workload's labels, whose <c>portLevelMtls</c> overrides it per port. UNSET inherits from the level
/// above, and the top default is PERMISSIVE. When several policies compete at one level, the oldest wins
/// (creation time, then name), as in Istio. Used for this workload's inbound side and, for auto-mTLS, to learn
/// whether a destination endpoint accepts mTLS at all.
/// </summary>
internal sealed class PeerAuthenticationResolver
{
    private readonly string _rootNamespace;
    private readonly Dictionary<string, List<PeerAuthentication>> _byNamespace = new(StringComparer.Ordinal);

    public PeerAuthenticationResolver(IEnumerable<MeshResource> resources, string rootNamespace)
    {
        _rootNamespace = rootNamespace;
        foreach (var resource in resources)
        {
            if (resource is PeerAuthentication pa)
            {
                if (!_byNamespace.TryGetValue(pa.Key.Namespace, out var list))
                {
                    list = [];
                    _byNamespace[pa.Key.Namespace] = list;
                }

                list.Add(pa);
            }
        }

        foreach (var list in _byNamespace.Values)
        {
            list.Sort(static (a, b) =>
            {
                var byAge = Nullable.Compare(a.Metadata.CreationTimestamp, b.Metadata.CreationTimestamp);
                return byAge != 0 ? byAge : string.CompareOrdinal(a.Key.Name, b.Key.Name);
            });
        }
    }

    /// <summary>True when no PeerAuthentication exists at all (everything is PERMISSIVE).</summary>
    public bool IsEmpty => _byNamespace.Count == 0;

    /// <summary>The policy for a workload in <paramref name="namespace"/> with <paramref name="labels"/>.</summary>
    public PeerAuthenticationPolicy Resolve(string @namespace, IReadOnlyDictionary<string, string> labels)
    {
        if (IsEmpty)
        {
            return PeerAuthenticationPolicy.Permissive;
        }

        var mode = MutualTlsMode.Permissive;
        mode = Inherit(mode, NamespaceWide(_rootNamespace)?.Spec.Mtls?.Mode);
        if (@namespace != _rootNamespace)
        {
            mode = Inherit(mode, NamespaceWide(@namespace)?.Spec.Mtls?.Mode);
        }

        var workload = Selecting(@namespace, labels);
        if (workload is null)
        {
            return mode == MutualTlsMode.Permissive ? PeerAuthenticationPolicy.Permissive : new PeerAuthenticationPolicy(mode);
        }

        mode = Inherit(mode, workload.Spec.Mtls?.Mode);
        Dictionary<int, MutualTlsMode>? ports = null;
        foreach (var (port, setting) in workload.Spec.PortLevelMtls ?? [])
        {
            if (int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                ports ??= [];
                ports[number] = Inherit(mode, setting?.Mode); // a port left UNSET follows the workload's mode
            }
        }

        return new PeerAuthenticationPolicy(mode, ports);
    }

    /// <summary>The mode of <paramref name="port"/> of a workload (for auto-mTLS: does the destination accept mTLS?).</summary>
    public MutualTlsMode ModeFor(string @namespace, IReadOnlyDictionary<string, string> labels, int port) =>
        IsEmpty ? MutualTlsMode.Permissive : Resolve(@namespace, labels).ModeFor(port);

    private static MutualTlsMode Inherit(MutualTlsMode parent, MutualTlsMode? own) =>
        own is null or MutualTlsMode.Unset ? parent : own.Value;

    private PeerAuthentication? NamespaceWide(string @namespace)
    {
        if (_byNamespace.TryGetValue(@namespace, out var list))
        {
            foreach (var pa in list)
            {
                if (pa.Spec.Selector?.MatchLabels is not { Count: > 0 })
                {
                    return pa; // oldest first
                }
            }
        }

        return null;
    }

    private PeerAuthentication? Selecting(string @namespace, IReadOnlyDictionary<string, string> labels)
    {
        if (!_byNamespace.TryGetValue(@namespace, out var list))
        {
            return null;
        }

        foreach (var pa in list)
        {
            if (pa.Spec.Selector?.MatchLabels is { Count: > 0 } selector && WorkloadSelector.Matches(selector, labels))
            {
                return pa;
            }
        }

        return null;
    }
}

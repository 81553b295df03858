using Mesh.Policy.Api;
using Mesh.Policy.Resources;
using Mesh.Server.Storage;

namespace Mesh.Server.Resources;

/// <summary>
/// Decides whether a stored resource concerns a watcher. Hosts are compared in qualified form, so a watcher of
/// <c>reviews</c> in namespace <c>default</c> sees a DestinationRule for <c>reviews.default.svc.cluster.local</c>
/// and the WorkloadEntries labelled <c>app: reviews</c>. Resources without hosts (security policy, route groups)
/// always pass the host test.
/// </summary>
internal sealed class WatchFilterMatcher
{
    private readonly HashSet<string> _kinds;
    private readonly HashSet<string> _namespaces;
    private readonly List<string> _hosts;

    public WatchFilterMatcher(WatchFilter filter)
    {
        _kinds = new HashSet<string>(filter.Kinds.Select(k => ResourceKinds.Find(k)?.Kind ?? k), StringComparer.Ordinal);
        _namespaces = new HashSet<string>(filter.Namespaces, StringComparer.Ordinal);
        var qualifyIn = filter.Namespaces.Count > 0 ? filter.Namespaces : [ResourceKey.DefaultNamespace];
        _hosts = [];
        foreach (var host in filter.Hosts)
        {
            foreach (var ns in qualifyIn)
            {
                _hosts.Add(ServiceHost.Qualify(host, ns));
            }
        }
    }

    public bool Matches(StoredResource stored)
    {
        var key = stored.Key;
        if (_kinds.Count > 0 && !_kinds.Contains(key.Kind))
        {
            return false;
        }

        if (_namespaces.Count > 0 && !_namespaces.Contains(key.Namespace))
        {
            return false;
        }

        if (_hosts.Count == 0)
        {
            return true;
        }

        var any = false;
        foreach (var host in stored.Resource.GetHosts())
        {
            any = true;
            var qualified = ServiceHost.Qualify(host, key.Namespace);
            foreach (var wanted in _hosts)
            {
                if (ServiceHost.Covers(qualified, wanted) || qualified == wanted)
                {
                    return true;
                }
            }
        }

        return !any;
    }
}

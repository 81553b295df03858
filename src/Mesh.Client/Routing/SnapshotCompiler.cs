using Mesh.Client.Balancing;
using Mesh.Client.Http;
using Mesh.Client.Resilience;
using Mesh.Client.Security;
using Mesh.Policy.Resources;
using Mesh.Policy.Resources.Networking;
using Mesh.Policy.Resources.Smi;

namespace Mesh.Client.Routing;

/// <summary>
/// Compiles resources into a <see cref="MeshSnapshot"/>, off the request path: services and their endpoints
/// (WorkloadEntries, ServiceEntries), subsets and balancers (DestinationRules), and routes (VirtualServices,
/// else SMI TrafficSplits, else a default route), the TLS of each endpoint's pool and this workload's own
/// PeerAuthentication. Endpoint state objects are taken from <see cref="EndpointRegistry"/>, so that counters
/// survive the swap.
/// </summary>
internal sealed class SnapshotCompiler(CallerIdentity caller, EndpointRegistry endpoints, DestinationRegistry destinations, MeshTransport transport, IMeshRandom random, TimeProvider time, string rootNamespace = PolicyScope.DefaultRootNamespace)
{
    private OutboundTlsResolver _tls = OutboundTlsResolver.None;

    public MeshSnapshot Compile(IReadOnlyCollection<MeshResource> resources, long revision)
    {
        var peerAuthentication = new PeerAuthenticationResolver(resources, rootNamespace);
        _tls = new OutboundTlsResolver(peerAuthentication);
        var services = new Dictionary<string, ServiceModel>(StringComparer.OrdinalIgnoreCase);
        var liveEndpoints = new HashSet<string>(StringComparer.Ordinal);
        CollectEndpoints(resources, services, liveEndpoints);
        CollectRoutingResources(resources, services);
        endpoints.Retain(liveEndpoints);

        // Targets first (routes refer to other services' targets), then routes.
        var targets = new List<SubsetTarget>();
        foreach (var service in services.Values)
        {
            BuildTargets(service);
            targets.Add(service.All!);
            targets.AddRange(service.Subsets.Values);
        }

        transport.RetainRequested();

        destinations.Retain(targets.Select(t => t.Name).ToHashSet(StringComparer.Ordinal));
        var byHost = new Dictionary<string, CompiledService>(StringComparer.OrdinalIgnoreCase);
        foreach (var service in services.Values)
        {
            var compiled = CompileService(service, services);
            foreach (var key in ServiceHost.Aliases(service.Host, caller.Namespace))
            {
                byHost[key] = compiled;
            }
        }

        return new MeshSnapshot(revision, byHost, targets, AdmittedSuffixes(resources))
        {
            PeerAuthentication = peerAuthentication.Resolve(caller.Namespace, caller.Labels),
        };
    }

    private void CollectEndpoints(IReadOnlyCollection<MeshResource> resources, Dictionary<string, ServiceModel> services, HashSet<string> live)
    {
        foreach (var resource in resources)
        {
            switch (resource)
            {
                case WorkloadEntry we when we.Spec.Labels?.GetValueOrDefault("app") is { } app && we.Spec.Address is { } address:
                    var host = ServiceHost.Qualify(app, resource.Key.Namespace);
                    var port = PickPort(we.Spec.Ports);
                    if (port > 0)
                    {
                        var state = endpoints.GetOrAdd(address, port, we.Spec.Labels, we.Spec.ServiceAccount, we.Spec.Weight ?? 1, resource.Key.Namespace);
                        live.Add(state.Key);
                        Service(services, host).Endpoints.Add(state);
                    }

                    break;
                case ServiceEntry se:
                    foreach (var seHost in se.Spec.Hosts ?? [])
                    {
                        if (seHost.Contains('*', StringComparison.Ordinal))
                        {
                            continue; // wildcard entries admit hosts (AdmittedSuffixes); they have no endpoints of their own
                        }

                        var model = Service(services, ServiceHost.Qualify(seHost, resource.Key.Namespace));
                        model.IsExternal |= se.Spec.Location != ServiceEntryLocation.MeshInternal;
                        foreach (var endpoint in ServiceEntryEndpoints(se, seHost))
                        {
                            live.Add(endpoint.Key);
                            model.Endpoints.Add(endpoint);
                        }
                    }

                    break;
            }
        }
    }

    private IEnumerable<EndpointState> ServiceEntryEndpoints(ServiceEntry se, string host)
    {
        var port = se.Spec.Ports is { Count: > 0 } ports ? ports[0] : null;
        var number = port?.TargetPort ?? port?.Number ?? 80;
        if (se.Spec.Endpoints is { Count: > 0 } list)
        {
            foreach (var endpoint in list)
            {
                if (endpoint.Address is null)
                {
                    continue;
                }

                var endpointPort = port?.Name is { } name && endpoint.Ports?.GetValueOrDefault(name) is > 0 and var p ? p : number;
                yield return endpoints.GetOrAdd(endpoint.Address, endpointPort, endpoint.Labels ?? [], endpoint.ServiceAccount, endpoint.Weight ?? 1, se.Key.Namespace);
            }
        }
        else if (se.Spec.Resolution is ServiceEntryResolution.Dns or ServiceEntryResolution.DnsRoundRobin or ServiceEntryResolution.None or null)
        {
            // No listed endpoints: the host itself, resolved by DNS when connecting.
            yield return endpoints.GetOrAdd(host, number, new Dictionary<string, string>(), null, 1);
        }
    }

    private static void CollectRoutingResources(IReadOnlyCollection<MeshResource> resources, Dictionary<string, ServiceModel> services)
    {
        // Oldest first, so that when two resources claim one host the older wins, as in Istio.
        foreach (var resource in resources.OrderBy(r => r.Metadata.CreationTimestamp ?? DateTimeOffset.MinValue).ThenBy(r => r.Key.Name, StringComparer.Ordinal))
        {
            switch (resource)
            {
                case DestinationRule dr when dr.Spec.Host is { } drHost && !drHost.Contains('*', StringComparison.Ordinal):
                    Service(services, ServiceHost.Qualify(drHost, dr.Key.Namespace)).DestinationRule ??= dr;
                    break;
                case VirtualService vs:
                    foreach (var vsHost in vs.Spec.Hosts ?? [])
                    {
                        if (!vsHost.Contains('*', StringComparison.Ordinal))
                        {
                            Service(services, ServiceHost.Qualify(vsHost, vs.Key.Namespace)).VirtualService ??= vs;
                        }
                    }

                    break;
                case TrafficSplit ts when ts.Spec.Service is { } root:
                    Service(services, ServiceHost.Qualify(root, ts.Key.Namespace)).TrafficSplit ??= ts;
                    break;
            }
        }

        // TrafficSplits refer to route groups by namespace and name.
        var groups = resources.OfType<HttpRouteGroup>().ToDictionary(g => g.Key.Namespace + "/" + g.Key.Name);
        foreach (var service in services.Values)
        {
            foreach (var (key, group) in groups)
            {
                service.RouteGroups.TryAdd(key, group);
            }
        }
    }

    private void BuildTargets(ServiceModel service)
    {
        var rulePolicy = service.DestinationRule?.Spec.TrafficPolicy;
        var all = service.Endpoints.ToArray();
        service.All = NewTarget(service, null, all, rulePolicy);
        foreach (var subset in service.DestinationRule?.Spec.Subsets ?? [])
        {
            if (subset.Name is null)
            {
                continue;
            }

            var selected = all.Where(e => WorkloadSelector.Matches(subset.Labels, e.Labels)).ToArray();
            service.Subsets[subset.Name] = NewTarget(service, subset.Name, selected, TrafficPolicyMerge.Merge(rulePolicy, subset.TrafficPolicy));
        }
    }

    private SubsetTarget NewTarget(ServiceModel service, string? subset, EndpointState[] selected, TrafficPolicy? policy)
    {
        var name = subset is null ? service.Host : service.Host + "|" + subset;
        return new SubsetTarget(service.Host, subset, selected, policy, destinations.Get(name), transport, random, time, service.IsExternal, _tls);
    }

    private CompiledService CompileService(ServiceModel service, Dictionary<string, ServiceModel> services)
    {
        if (service.VirtualService is { } vs)
        {
            var routes = new List<CompiledRoute>();
            foreach (var route in vs.Spec.Http ?? [])
            {
                if (CompileRoute(route, vs.Key.Namespace, services) is { } compiled)
                {
                    routes.Add(compiled);
                }
            }

            return new CompiledService(service.Host, [.. routes], hasRoutingPolicy: true);
        }

        if (service.TrafficSplit is { } split)
        {
            return new CompiledService(service.Host, TrafficSplitRoutes.Compile(split, service, services, caller, time), hasRoutingPolicy: true);
        }

        var defaultRoute = new CompiledRoute(null, [], [new WeightedTarget(service.All!, 1, null)], new RoutePolicy(null, time), null, null);
        return new CompiledService(service.Host, [defaultRoute], hasRoutingPolicy: false);
    }

    private CompiledRoute? CompileRoute(HttpRoute route, string ns, Dictionary<string, ServiceModel> services)
    {
        var matchers = new List<RequestMatcher>();
        foreach (var match in route.Match ?? [])
        {
            if (RequestMatcher.Create(match, caller) is { } matcher)
            {
                matchers.Add(matcher);
            }
        }

        if (route.Match is { Count: > 0 } && matchers.Count == 0)
        {
            return null; // every match block is about another caller: this route can never apply here
        }

        var targets = new List<WeightedTarget>();
        var bound = 0;
        foreach (var destination in route.Route ?? [])
        {
            if (destination.Destination?.Host is not { } host)
            {
                continue;
            }

            bound += destination.Weight ?? (route.Route!.Count == 1 ? 100 : 0);
            targets.Add(new WeightedTarget(Resolve(host, destination.Destination.Subset, ns, services), bound, HeaderRewriter.Create(destination.Headers)));
        }

        if (targets.Count == 0)
        {
            return null;
        }

        var mirrors = new List<MirrorTarget>();
        if (route.Mirror?.Host is { } mirrorHost)
        {
            mirrors.Add(new MirrorTarget(Resolve(mirrorHost, route.Mirror.Subset, ns, services), route.MirrorPercentage?.Value ?? 100));
        }

        foreach (var mirror in route.Mirrors ?? [])
        {
            if (mirror.Destination?.Host is { } host)
            {
                mirrors.Add(new MirrorTarget(Resolve(host, mirror.Destination.Subset, ns, services), mirror.Percentage?.Value ?? 100));
            }
        }

        var rewrite = route.Rewrite is null ? null : new UriRewrite(route.Rewrite);
        return new CompiledRoute(route.Name, [.. matchers], [.. targets], new RoutePolicy(route, time), rewrite, HeaderRewriter.Create(route.Headers), FaultPolicy.Create(route.Fault), [.. mirrors]);
    }

    internal static SubsetTarget Resolve(string host, string? subset, string ns, Dictionary<string, ServiceModel> services)
    {
        var qualified = ServiceHost.Qualify(host, ns);
        if (!services.TryGetValue(qualified, out var target))
        {
            return SubsetTarget.Missing(qualified, subset);
        }

        if (subset is null)
        {
            return target.All!;
        }

        return target.Subsets.TryGetValue(subset, out var selected) ? selected : SubsetTarget.Missing(qualified, subset);
    }

    /// <summary>"*.example.com" admits any host ending in ".example.com"; "*" admits every host.</summary>
    private static string[] AdmittedSuffixes(IReadOnlyCollection<MeshResource> resources)
    {
        var suffixes = new List<string>();
        foreach (var se in resources.OfType<ServiceEntry>())
        {
            foreach (var host in se.Spec.Hosts ?? [])
            {
                if (host == "*")
                {
                    suffixes.Add("");
                }
                else if (host.StartsWith("*.", StringComparison.Ordinal))
                {
                    suffixes.Add(host[1..]);
                }
            }
        }

        return [.. suffixes];
    }

    private static int PickPort(Dictionary<string, int>? ports)
    {
        if (ports is null || ports.Count == 0)
        {
            return 0;
        }

        // The port named "http" serves mesh traffic; otherwise the first one listed.
        return ports.TryGetValue("http", out var http) ? http : ports.First().Value;
    }

    private static ServiceModel Service(Dictionary<string, ServiceModel> services, string host)
    {
        if (!services.TryGetValue(host, out var model))
        {
            model = new ServiceModel(host);
            services[host] = model;
        }

        return model;
    }
}

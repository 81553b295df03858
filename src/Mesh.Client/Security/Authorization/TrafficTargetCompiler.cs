using Mesh.Policy.Resources;
using Mesh.Policy.Resources.Security;
using Mesh.Policy.Resources.Smi;

namespace Mesh.Client.Security.Authorization;

/// <summary>
/// Compiles SMI TrafficTargets whose destination is this workload's service account (in this namespace) into ALLOW
/// policies: sources become principals (<c>TRUST-DOMAIN/ns/NS/sa/NAME</c>), HTTPRouteGroup matches become operations,
/// TCPRoute rules allow every request on their ports. As in SMI, once any TrafficTarget names this workload, every
/// caller it does not allow is denied. A rule naming a route resource that does not exist allows nothing.
/// </summary>
internal static class TrafficTargetCompiler
{
    public static List<CompiledPolicy> Compile(IReadOnlyCollection<MeshResource> resources, WorkloadScope workload)
    {
        var policies = new List<CompiledPolicy>();
        Dictionary<(string Kind, string Namespace, string Name), MeshResource>? routes = null;
        foreach (var resource in resources)
        {
            if (resource is not TrafficTarget target || !IsDestination(target, workload))
            {
                continue;
            }

            routes ??= RouteResources(resources);
            policies.Add(Compile(target, routes, workload));
        }

        return policies;
    }

    private static bool IsDestination(TrafficTarget target, WorkloadScope workload) =>
        target.Spec.Destination is { Kind: "ServiceAccount" } destination
        && destination.Name == workload.ServiceAccount
        && (destination.Namespace ?? target.Key.Namespace) == workload.Namespace;

    private static CompiledPolicy Compile(TrafficTarget target, Dictionary<(string Kind, string Namespace, string Name), MeshResource> routes, WorkloadScope workload)
    {
        var name = "TrafficTarget " + target.Key.Namespace + "/" + target.Key.Name;
        var ns = target.Key.Namespace;
        var principals = new List<string>();
        foreach (var source in target.Spec.Sources ?? [])
        {
            if (source is { Kind: "ServiceAccount", Name: { } sa })
            {
                principals.Add(PrincipalParts.Of(workload.TrustDomain, source.Namespace ?? ns, sa));
            }
        }

        var operations = new List<RequestPredicate>();
        foreach (var rule in target.Spec.Rules ?? [])
        {
            if (rule.Name is null || rule.Kind is null || !routes.TryGetValue((rule.Kind, ns, rule.Name), out var route))
            {
                continue;
            }

            switch (route)
            {
                case HttpRouteGroup group:
                    foreach (var match in group.Spec.Matches ?? [])
                    {
                        if (rule.Matches is not { Count: > 0 } names || (match.Name is not null && names.Contains(match.Name)))
                        {
                            operations.Add(new HttpRouteMatchPredicate(match));
                        }
                    }

                    break;
                case TcpRoute tcp:
                    operations.Add(tcp.Spec.Matches?.Ports is { Count: > 0 } ports ? new PortPredicate([.. ports]) : new AnyRequest());
                    break;
            }
        }

        // No caller or no route: the target allows nothing, but it still closes the workload to everyone else.
        if (principals.Count == 0 || operations.Count == 0)
        {
            return new CompiledPolicy(name, []);
        }

        var from = SourcePredicate.Create(new Source { Principals = principals }, ns, workload.TrustDomain);
        RequestPredicate[] when = target.Spec.Destination!.Port is { } port ? [new PortPredicate([port])] : [];
        return new CompiledPolicy(name, [new CompiledRule([from], [.. operations], when)]);
    }

    private static Dictionary<(string Kind, string Namespace, string Name), MeshResource> RouteResources(IReadOnlyCollection<MeshResource> resources)
    {
        var routes = new Dictionary<(string Kind, string Namespace, string Name), MeshResource>();
        foreach (var resource in resources)
        {
            // HTTPRouteGroup and TCPRoute may share a name (SMI's own examples do): the kind is part of the key.
            if (resource is HttpRouteGroup or TcpRoute)
            {
                routes[(resource.Kind, resource.Key.Namespace, resource.Key.Name)] = resource;
            }
        }

        return routes;
    }

    private sealed class AnyRequest : RequestPredicate
    {
        public override bool Matches(in AuthorizationRequest request) => true;
    }
}

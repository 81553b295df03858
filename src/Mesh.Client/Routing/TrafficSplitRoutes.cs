using Mesh.Client.Resilience;
using Mesh.Policy.Resources;
using Mesh.Policy.Resources.Networking;
using Mesh.Policy.Resources.Smi;

namespace Mesh.Client.Routing;

/// <summary>
/// Compiles an SMI TrafficSplit into the same route tables as a VirtualService: backends become weighted
/// destinations (relative weights); with HTTPRouteGroup matches, matching requests are split and the rest go
/// to the root service itself, as the SMI A/B example describes.
/// </summary>
internal static class TrafficSplitRoutes
{
    public static CompiledRoute[] Compile(TrafficSplit split, ServiceModel root, Dictionary<string, ServiceModel> services, CallerIdentity caller, TimeProvider time)
    {
        var ns = split.Key.Namespace;
        var targets = new List<WeightedTarget>();
        var bound = 0;
        foreach (var backend in split.Spec.Backends ?? [])
        {
            if (backend.Service is null || backend.Weight <= 0)
            {
                continue;
            }

            bound += backend.Weight;
            targets.Add(new WeightedTarget(SnapshotCompiler.Resolve(backend.Service, null, ns, services), bound, null));
        }

        var policy = new RoutePolicy(null, time);
        if (targets.Count == 0)
        {
            return [];
        }

        if (split.Spec.Matches is not { Count: > 0 } references)
        {
            return [new CompiledRoute(split.Key.Name, [], [.. targets], policy, null, null)];
        }

        var matchers = new List<RequestMatcher>();
        foreach (var reference in references)
        {
            if (root.RouteGroups.GetValueOrDefault(ns + "/" + reference.Name) is not { } group)
            {
                continue;
            }

            foreach (var match in group.Spec.Matches ?? [])
            {
                foreach (var request in ToIstioMatches(match))
                {
                    if (RequestMatcher.Create(request, caller) is { } matcher)
                    {
                        matchers.Add(matcher);
                    }
                }
            }
        }

        var fallback = new CompiledRoute(null, [], [new WeightedTarget(root.All!, 1, null)], policy, null, null);
        return matchers.Count == 0
            ? [fallback]
            : [new CompiledRoute(split.Key.Name, [.. matchers], [.. targets], policy, null, null), fallback];
    }

    /// <summary>One SMI match as Istio matches: one per listed method (any method when none or "*").</summary>
    private static IEnumerable<HttpMatchRequest> ToIstioMatches(HttpMatch match)
    {
        Dictionary<string, StringMatch>? headers = null;
        if (match.Headers is { Count: > 0 })
        {
            headers = match.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => new StringMatch { Regex = h.Value }, StringComparer.Ordinal);
        }

        var uri = match.PathRegex is null ? null : new StringMatch { Regex = match.PathRegex };
        var methods = match.Methods is { Count: > 0 } list && !list.Contains("*") ? list : null;
        if (methods is null)
        {
            yield return new HttpMatchRequest { Name = match.Name, Uri = uri, Headers = headers };
            yield break;
        }

        foreach (var method in methods)
        {
            yield return new HttpMatchRequest { Name = match.Name, Uri = uri, Headers = headers, Method = new StringMatch { Exact = method } };
        }
    }
}

using Mesh.Policy.Resources;
using Mesh.Policy.Resources.Networking;
using Mesh.Policy.Resources.Security;
using Mesh.Policy.Resources.Smi;

namespace Mesh.Policy.Validation;

/// <summary>
/// Fields and kinds that Mesh accepts (they are valid Istio, and real files use them) but whose effect the data
/// plane does not produce yet. Each gets a warning at apply and analyze time, so that nothing is silently
/// ignored; an entry is removed here when its feature lands.
/// </summary>
internal static class NotEnforcedYet
{
    public static void Check(MeshResource resource, DiagnosticBag bag)
    {
        switch (resource)
        {
            case VirtualService vs:
                ExportTo(vs.Spec.ExportTo, bag);
                WildcardHosts(vs.Spec.Hosts, "spec.hosts", "VirtualService", bag);
                DestinationPorts(vs.Spec, bag);
                break;
            case DestinationRule dr:
                ExportTo(dr.Spec.ExportTo, bag);
                if (dr.Spec.Host is { } drHost && drHost.Contains('*', StringComparison.Ordinal))
                {
                    Warn(bag, "spec.host", $"wildcard host \"{drHost}\" is skipped by the data plane: a DestinationRule applies only to the host it names exactly");
                }

                Policy(dr.Spec.TrafficPolicy, "spec.trafficPolicy", bag);
                for (var i = 0; i < (dr.Spec.Subsets?.Count ?? 0); i++)
                {
                    Policy(dr.Spec.Subsets![i].TrafficPolicy, ValidationRules.Index("spec.subsets", i) + ".trafficPolicy", bag);
                }

                break;
            case ServiceEntry se:
                ExportTo(se.Spec.ExportTo, bag);
                if (se.Spec.Addresses is { Count: > 0 })
                {
                    Warn(bag, "spec.addresses", "not used by Mesh: requests are matched by host name only");
                }

                if (se.Spec.SubjectAltNames is { Count: > 0 })
                {
                    Warn(bag, "spec.subjectAltNames", "not enforced yet: server identities are not checked");
                }

                if (se.Spec.Ports is { Count: > 1 })
                {
                    Warn(bag, "spec.ports", "only the first port is used to reach endpoints");
                }

                for (var i = 0; i < (se.Spec.Ports?.Count ?? 0); i++)
                {
                    // The mesh sees what meshed HttpClients send: HTTP. Other protocols pass it by unseen.
                    if (se.Spec.Ports![i].Protocol is { } protocol && !HttpProtocols.Contains(protocol))
                    {
                        Warn(bag, ValidationRules.Index("spec.ports", i) + ".protocol", $"protocol {protocol.ToUpperInvariant()} is not handled: Mesh sees only the HTTP requests of meshed HttpClients");
                    }
                }

                if (se.Spec.Resolution == ServiceEntryResolution.Dns)
                {
                    Warn(bag, "spec.resolution", "DNS is handled like NONE and DNS_ROUND_ROBIN: a host name is one endpoint, connected to by name, so requests are not spread over the addresses DNS returns");
                }

                for (var i = 0; i < (se.Spec.Endpoints?.Count ?? 0); i++)
                {
                    NetworkAndLocality(se.Spec.Endpoints![i], ValidationRules.Index("spec.endpoints", i) + ".", bag);
                }

                break;
            case WorkloadEntry we:
                NetworkAndLocality(we.Spec, "spec.", bag);
                break;
            case AuthorizationPolicy ap when ap.Spec.Action == AuthorizationAction.Audit:
                Warn(bag, "spec.action", "AUDIT changes no decision and is not evaluated: Mesh has no audit sink");
                break;
            case TrafficSplit ts:
                for (var i = 0; i < (ts.Spec.Matches?.Count ?? 0); i++)
                {
                    // Matches are looked up by name as HTTPRouteGroups; the group written is not compared.
                    if (ts.Spec.Matches![i].ApiGroup is { } group && group != SmiRouteGroup)
                    {
                        Warn(bag, ValidationRules.Index("spec.matches", i) + ".apiGroup", $"not checked: \"{group}\" is ignored and the match is looked up as an HTTPRouteGroup ({SmiRouteGroup}) by name");
                    }
                }

                break;
        }
    }

    private const string SmiRouteGroup = "specs.smi-spec.io";

    private static readonly HashSet<string> HttpProtocols = new(StringComparer.OrdinalIgnoreCase) { "HTTP", "HTTPS", "HTTP2", "GRPC", "GRPC-WEB" };

    private static void WildcardHosts(List<string>? hosts, string path, string kind, DiagnosticBag bag)
    {
        for (var i = 0; i < (hosts?.Count ?? 0); i++)
        {
            if (hosts![i].Contains('*', StringComparison.Ordinal))
            {
                Warn(bag, ValidationRules.Index(path, i), $"wildcard host \"{hosts[i]}\" is skipped by the data plane: a {kind} applies only to hosts it names exactly");
            }
        }
    }

    private static void DestinationPorts(VirtualServiceSpec spec, DiagnosticBag bag)
    {
        for (var i = 0; i < (spec.Http?.Count ?? 0); i++)
        {
            var route = spec.Http![i];
            var path = ValidationRules.Index("spec.http", i);
            for (var j = 0; j < (route.Route?.Count ?? 0); j++)
            {
                DestinationPort(route.Route![j].Destination, ValidationRules.Index(path + ".route", j) + ".destination.port", bag);
            }

            DestinationPort(route.Mirror, path + ".mirror.port", bag);
            for (var j = 0; j < (route.Mirrors?.Count ?? 0); j++)
            {
                DestinationPort(route.Mirrors![j].Destination, ValidationRules.Index(path + ".mirrors", j) + ".destination.port", bag);
            }
        }
    }

    private static void DestinationPort(Destination? destination, string path, DiagnosticBag bag)
    {
        if (destination?.Port is not null)
        {
            Warn(bag, path, "not used yet: requests go to the port each endpoint registered (or its ServiceEntry's first port)");
        }
    }

    private static void NetworkAndLocality(WorkloadEntrySpec spec, string prefix, DiagnosticBag bag)
    {
        if (spec.Network is not null)
        {
            Warn(bag, prefix + "network", "not used: Mesh has no multi-network routing");
        }

        if (spec.Locality is not null)
        {
            Warn(bag, prefix + "locality", "not used: Mesh has no locality-aware load balancing");
        }
    }

    private static void Warn(DiagnosticBag bag, string path, string message) =>
        bag.Warning(path, message, PolicyDiagnostic.NotEnforcedCode);

    private static void ExportTo(List<string>? exportTo, DiagnosticBag bag)
    {
        if (exportTo is { Count: > 0 } && !(exportTo.Count == 1 && exportTo[0] == "*"))
        {
            Warn(bag, "spec.exportTo", "not enforced: the resource is visible to every namespace");
        }
    }

    private static void Policy(TrafficPolicy? policy, string path, DiagnosticBag bag)
    {
        if (policy is null)
        {
            return;
        }

        if (policy.PortLevelSettings is { Count: > 0 })
        {
            Warn(bag, path + ".portLevelSettings", "not applied yet: only the destination-wide policy is used");
        }

        if (policy.LoadBalancer?.ConsistentHash is { } hash)
        {
            // The caller's address is not known on the outbound side: every request lacks the key.
            if (hash.UseSourceIp == true)
            {
                Warn(bag, path + ".loadBalancer.consistentHash.useSourceIp", "not applied yet: the source address is not known to the calling side, so requests are balanced at random");
            }

            if (hash.HttpCookie is { } cookie && (cookie.Ttl is not null || cookie.Path is not null))
            {
                Warn(bag, path + ".loadBalancer.consistentHash.httpCookie", "ttl and path have no effect: a missing cookie is not created, such requests are balanced at random");
            }
        }

        if (policy.ConnectionPool?.Http is { } http)
        {
            if (http.H2UpgradePolicy is not null || http.UseClientProtocol is not null || http.MaxConcurrentStreams is not null)
            {
                Warn(bag, path + ".connectionPool.http", "h2UpgradePolicy, useClientProtocol and maxConcurrentStreams have no effect in Mesh (the .NET connection pool decides the HTTP version)");
            }

            if (http.MaxRequestsPerConnection is > 1)
            {
                bag.Warning(path + ".connectionPool.http.maxRequestsPerConnection", "only 1 (no keep-alive) is enforced; larger values have no effect");
            }
        }

        if (policy.Tls is { } tls && tls.CredentialName is not null)
        {
            Warn(bag, path + ".tls.credentialName", "not applied: Mesh reads certificates from the clientCertificate, privateKey and caCertificates files");
        }
    }
}

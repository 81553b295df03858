using Mesh.Policy.Resources;
using Mesh.Policy.Resources.Networking;
using Mesh.Policy.Resources.Security;

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
                break;
            case DestinationRule dr:
                ExportTo(dr.Spec.ExportTo, bag);
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

                break;
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

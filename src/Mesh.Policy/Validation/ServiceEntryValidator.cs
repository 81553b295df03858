using System.Net;
using Mesh.Policy.Resources;
using Mesh.Policy.Resources.Networking;
using static Mesh.Policy.Validation.EndpointRules;
using static Mesh.Policy.Validation.ValidationRules;

namespace Mesh.Policy.Validation;

/// <summary>Validates ServiceEntry and WorkloadEntry specs.</summary>
internal static class ServiceEntryValidator
{
    private static readonly HashSet<string> Protocols = ["HTTP", "HTTPS", "HTTP2", "GRPC", "GRPC-WEB", "TLS", "TCP", "MONGO", "REDIS", "MYSQL", "UDP"];

    public static void Validate(ServiceEntrySpec spec, DiagnosticBag bag)
    {
        for (var i = 0; i < (spec.Hosts?.Count ?? 0); i++)
        {
            Host(bag, Index("spec.hosts", i), spec.Hosts![i], allowWildcard: true);
        }

        for (var i = 0; i < (spec.Addresses?.Count ?? 0); i++)
        {
            if (!IPNetwork.TryParse(spec.Addresses![i], out _) && !IPAddress.TryParse(spec.Addresses[i], out _))
            {
                bag.Error(Index("spec.addresses", i), $"\"{spec.Addresses[i]}\" is not an IP address or CIDR range");
            }
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var numbers = new HashSet<int>();
        for (var i = 0; i < (spec.Ports?.Count ?? 0); i++)
        {
            var port = spec.Ports![i];
            var path = Index("spec.ports", i);
            Port(bag, path + ".number", port.Number);
            Port(bag, path + ".targetPort", port.TargetPort);
            if (port.Number != 0 && !numbers.Add(port.Number))
            {
                bag.Error(path + ".number", $"port {port.Number} is listed more than once");
            }

            if (port.Name is { } name && !names.Add(name))
            {
                bag.Error(path + ".name", $"port name \"{name}\" is used more than once");
            }

            if (port.Protocol is { } protocol && !Protocols.Contains(protocol.ToUpperInvariant()))
            {
                bag.Error(path + ".protocol", $"unknown protocol \"{protocol}\"; use HTTP, HTTPS, HTTP2, GRPC, TLS or TCP");
            }
        }

        if (spec.Resolution == ServiceEntryResolution.Static && (spec.Endpoints is null || spec.Endpoints.Count == 0))
        {
            bag.Error("spec.endpoints", "resolution STATIC needs endpoints with addresses");
        }

        for (var i = 0; i < (spec.Endpoints?.Count ?? 0); i++)
        {
            var endpoint = spec.Endpoints![i];
            var path = Index("spec.endpoints", i);
            ValidateWorkloadEntry(endpoint, path, bag, requireAddress: true);
            if (spec.Resolution == ServiceEntryResolution.Static && endpoint.Address is { } address && !IPAddress.TryParse(address, out _))
            {
                bag.Error(path + ".address", $"\"{address}\" must be an IP address with resolution STATIC (use resolution DNS for host names)");
            }

            foreach (var portName in endpoint.Ports?.Keys ?? Enumerable.Empty<string>())
            {
                if (spec.Ports is not null && !names.Contains(portName))
                {
                    bag.Error(path + ".ports." + portName, $"no port named \"{portName}\" in spec.ports");
                }
            }
        }
    }

    public static void ValidateWorkloadEntry(WorkloadEntrySpec spec, string path, DiagnosticBag bag, bool requireAddress)
    {
        if (string.IsNullOrEmpty(spec.Address))
        {
            if (requireAddress)
            {
                bag.Error(path + ".address", "required field is missing");
            }
        }
        else if (!IsIpAddress(spec.Address) && !IsHostName(spec.Address))
        {
            bag.Error(path + ".address", $"\"{spec.Address}\" is not an IP address (e.g. 10.0.0.7 or fd00::7) or host name");
        }

        foreach (var (name, number) in spec.Ports ?? [])
        {
            // Istio's rule: a port name is a DNS-1123 label.
            if (!DnsNames.IsLabel(name))
            {
                bag.Error(path + ".ports." + name, $"\"{name}\" is not a valid port name: use lower-case letters, digits and '-' (at most 63), e.g. http or grpc-admin");
            }

            Port(bag, path + ".ports." + name, number);
        }

        Labels(bag, path + ".labels", spec.Labels);
        Locality(bag, path + ".locality", spec.Locality);
        NonNegative(bag, path + ".weight", spec.Weight);
        if (spec.ServiceAccount is { } sa && !DnsNames.IsSubdomain(sa))
        {
            bag.Error(path + ".serviceAccount", $"\"{sa}\" is not a valid service account name");
        }
    }
}

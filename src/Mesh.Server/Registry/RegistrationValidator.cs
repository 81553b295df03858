using System.Net;
using Mesh.Policy.Api;
using Mesh.Policy.Parsing;
using Mesh.Policy.Resources;
using Mesh.Policy.Serialization;
using Mesh.Policy.Validation;

namespace Mesh.Server.Registry;

/// <summary>
/// Checks a registration before it becomes a WorkloadEntry, with every problem named by its registration field. The
/// WorkloadEntry it would become is read back exactly as clients (and the store at start) read it, so a registration
/// can never store a resource that clients reject; on top come the bounds of <see cref="RegistrationLimits"/> and the
/// addresses a workload may not claim.
/// </summary>
internal static class RegistrationValidator
{
    /// <summary>Every problem, its path the registration's field (<c>labels.a b</c>, <c>address</c>); empty when valid.</summary>
    public static List<PolicyDiagnostic> Validate(InstanceRegistration registration)
    {
        var problems = new List<PolicyDiagnostic>();
        CheckIdentity(registration, problems);
        var readable = CheckBounds(registration, problems);
        CheckAddressKind(registration.Address, problems);
        if (!readable)
        {
            // Thousands of labels would make thousands of messages: the bounds come first.
            return problems;
        }

        // The WorkloadEntry as the store would hold it, read as every client reads it. Fields already reported
        // above are not reported again in WorkloadEntry terms.
        var reported = problems.Select(p => p.Path).ToHashSet(StringComparer.Ordinal);
        var entry = InstanceRegistry.ToWorkloadEntry(registration, "0000000000000000");
        var read = PolicyParser.ParseNodes([PolicySerializer.ToJsonNode(entry)], "registration");
        foreach (var error in read.Errors)
        {
            var field = RegistrationField(error.Path);
            if (!reported.Contains(field) && !problems.Any(p => p.Path == field && p.Message == error.Message))
            {
                problems.Add(Problem(field, error.Message));
            }
        }

        return problems;
    }

    private static void CheckIdentity(InstanceRegistration registration, List<PolicyDiagnostic> problems)
    {
        if (!DnsNames.IsLabel(registration.Service))
        {
            problems.Add(Problem("service", $"\"{registration.Service}\" must be a DNS label (lower-case letters, digits, '-'; at most 63)"));
        }

        if (!DnsNames.IsLabel(registration.Namespace))
        {
            problems.Add(Problem("namespace", $"\"{registration.Namespace}\" must be a DNS label"));
        }

        if (registration.ServiceAccount is { } sa && !DnsNames.IsLabel(sa))
        {
            problems.Add(Problem("serviceAccount", $"\"{sa}\" must be a DNS label"));
        }

        if (string.IsNullOrWhiteSpace(registration.Address))
        {
            problems.Add(Problem("address", "required: the IP address or host name other services reach this instance on"));
        }
    }

    /// <summary>False when the registration is too large (or malformed) to be worth reading as a WorkloadEntry.</summary>
    private static bool CheckBounds(InstanceRegistration registration, List<PolicyDiagnostic> problems)
    {
        var readable = true;
        if (registration.Labels?.Count > RegistrationLimits.MaxLabels)
        {
            problems.Add(Problem("labels", $"{registration.Labels.Count} labels; at most {RegistrationLimits.MaxLabels} are accepted"));
            readable = false;
        }
        else
        {
            foreach (var (key, value) in registration.Labels ?? new Dictionary<string, string>())
            {
                if (value is null)
                {
                    problems.Add(Problem("labels." + key, "the value must be a string (\"\" for none)"));
                    readable = false;
                }
            }
        }

        if (registration.Ports is null || registration.Ports.Count == 0)
        {
            problems.Add(Problem("ports", "at least one port is needed (e.g. \"ports\": {\"http\": 9080})"));
        }
        else if (registration.Ports.Count > RegistrationLimits.MaxPorts)
        {
            problems.Add(Problem("ports", $"{registration.Ports.Count} ports; at most {RegistrationLimits.MaxPorts} are accepted"));
            readable = false;
        }

        return readable;
    }

    // A workload registers where others should call it. These addresses are never that, and some (the cloud metadata
    // service at 169.254.169.254) would turn the mesh's callers against their own host. Loopback stays allowed: tests
    // and samples run on 127.0.0.1. Host names are not resolved here; callers resolve them when they connect.
    private static void CheckAddressKind(string? value, List<PolicyDiagnostic> problems)
    {
        if (value is null || !IPAddress.TryParse(value, out var address))
        {
            return;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var reason =
            address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) ? "is the unspecified address (it means \"any\" to a listener, nothing to a caller)"
            : address.Equals(IPAddress.Broadcast) ? "is the broadcast address"
            : LinkLocalV4.Contains(address) || address.IsIPv6LinkLocal ? "is link-local (169.254.0.0/16 or fe80::/10, where cloud metadata services live)"
            : MulticastV4.Contains(address) || address.IsIPv6Multicast ? "is a multicast address"
            : null;
        if (reason is not null)
        {
            problems.Add(Problem("address", $"{value} {reason}; register the address other services reach this instance on"));
        }
    }

    private static readonly IPNetwork LinkLocalV4 = IPNetwork.Parse("169.254.0.0/16");
    private static readonly IPNetwork MulticastV4 = IPNetwork.Parse("224.0.0.0/4");

    /// <summary>The registration field a WorkloadEntry field comes from (see <see cref="InstanceRegistry.ToWorkloadEntry"/>).</summary>
    private static string RegistrationField(string path)
    {
        foreach (var prefix in (ReadOnlySpan<string>)["metadata.labels.", "spec.labels."])
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal))
            {
                var key = path[prefix.Length..];
                return key switch
                {
                    "app" => "service",
                    "version" => "version",
                    _ => "labels." + key,
                };
            }
        }

        return path switch
        {
            "metadata.name" => "service",
            "metadata.namespace" => "namespace",
            "spec.serviceAccount" => "serviceAccount",
            _ when path.StartsWith("spec.", StringComparison.Ordinal) => path["spec.".Length..],
            _ => path,
        };
    }

    private static PolicyDiagnostic Problem(string field, string message) =>
        new(DiagnosticSeverity.Error, "registration", 0, null, null, null, field, message);
}

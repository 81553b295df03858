using System.Net;
using Mesh.Policy.Api;

namespace Mesh.Server.Registry;

/// <summary>Checks a registration before it becomes a WorkloadEntry, with messages that say what to fix.</summary>
internal static class RegistrationValidator
{
    public static List<string> Validate(InstanceRegistration registration)
    {
        var problems = new List<string>();
        if (!IsDnsLabel(registration.Service))
        {
            problems.Add($"service \"{registration.Service}\" must be a DNS label (lower-case letters, digits, '-')");
        }

        if (!IsDnsLabel(registration.Namespace))
        {
            problems.Add($"namespace \"{registration.Namespace}\" must be a DNS label");
        }

        if (registration.ServiceAccount is { } sa && !IsDnsLabel(sa))
        {
            problems.Add($"serviceAccount \"{sa}\" must be a DNS label");
        }

        if (string.IsNullOrWhiteSpace(registration.Address) || (!IPAddress.TryParse(registration.Address, out _) && Uri.CheckHostName(registration.Address) != UriHostNameType.Dns))
        {
            problems.Add($"address \"{registration.Address}\" must be an IP address or host name");
        }

        if (registration.Ports is null || registration.Ports.Count == 0)
        {
            problems.Add("at least one port is needed (e.g. \"ports\": {\"http\": 9080})");
        }
        else
        {
            foreach (var (name, port) in registration.Ports)
            {
                if (port is < 1 or > 65535)
                {
                    problems.Add($"port {name}: {port} is not a port number");
                }
            }
        }

        return problems;
    }

    private static bool IsDnsLabel(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= 63 && value[0] != '-' && value[^1] != '-'
        && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
}

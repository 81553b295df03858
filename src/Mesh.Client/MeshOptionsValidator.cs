using Mesh.Policy.Resources;
using Microsoft.Extensions.Options;

namespace Mesh.Client;

/// <summary>Checks <see cref="MeshOptions"/> at start-up and says what to fix, all problems at once.</summary>
internal sealed class MeshOptionsValidator : IValidateOptions<MeshOptions>
{
    public ValidateOptionsResult Validate(string? name, MeshOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ServiceName))
        {
            problems.Add("Mesh:ServiceName is required: set it in configuration (\"Mesh\": { \"ServiceName\": \"reviews\" }), with MESH_SERVICE, or in AddMesh(o => o.ServiceName = \"reviews\")");
        }
        else if (!DnsNames.IsLabel(options.ServiceName))
        {
            problems.Add($"Mesh:ServiceName \"{options.ServiceName}\" must be a DNS label: lower-case letters, digits and '-'");
        }

        if (!DnsNames.IsLabel(options.Namespace))
        {
            problems.Add($"Mesh:Namespace \"{options.Namespace}\" must be a DNS label: lower-case letters, digits and '-'");
        }

        if (!DnsNames.IsLabel(options.RootNamespace))
        {
            problems.Add($"Mesh:RootNamespace \"{options.RootNamespace}\" must be a DNS label (the namespace of mesh-wide security policy; Istio's is istio-system)");
        }

        if (options.ServiceAccount is { } sa && !DnsNames.IsLabel(sa))
        {
            problems.Add($"Mesh:ServiceAccount \"{sa}\" must be a DNS label");
        }

        if (string.IsNullOrWhiteSpace(options.TrustDomain) || options.TrustDomain.Contains('/', StringComparison.Ordinal))
        {
            problems.Add($"Mesh:TrustDomain \"{options.TrustDomain}\" must be a domain name without '/' (e.g. cluster.local)");
        }

        foreach (var url in options.ControlPlane)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                problems.Add($"Mesh:ControlPlane \"{url}\" is not an http:// or https:// URL (e.g. http://127.0.0.1:15010)");
            }
        }

        if (options.TopologyReportInterval < TimeSpan.Zero)
        {
            problems.Add($"Mesh:TopologyReportInterval {options.TopologyReportInterval} must not be negative (zero turns topology reports off)");
        }

        if (options.ControlPlane.Count > 0 && string.IsNullOrEmpty(options.JoinToken))
        {
            problems.Add("Mesh:JoinToken is required with a control server: copy join.token from the server's data directory, or set MESH_JOIN_TOKEN");
        }

        if (options.ControlPlane.Count == 0 && options.PolicyFiles.Count == 0)
        {
            problems.Add("Mesh needs a policy source: set Mesh:ControlPlane (a control server URL) or Mesh:PolicyFiles (local YAML files)");
        }

        foreach (var path in options.PolicyFiles)
        {
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                problems.Add($"Mesh:PolicyFiles \"{path}\" does not exist (full path {Path.GetFullPath(path)})");
            }
        }

        if (options.InitialSyncTimeout < TimeSpan.Zero)
        {
            problems.Add("Mesh:InitialSyncTimeout must not be negative");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

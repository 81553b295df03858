using Mesh.Client;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Reads <c>MESH_*</c> environment variables into <see cref="MeshOptions"/>. They rank as environment variables do
/// in ASP.NET Core's configuration: over appsettings, under the command line (an option that a command-line
/// argument sets is skipped here), and under the code's own delegate, which runs after.
/// </summary>
internal static class MeshEnvironment
{
    /// <summary>Every variable read, with the <see cref="MeshOptions"/> property it sets.</summary>
    public static readonly IReadOnlyList<(string Variable, string Option)> Variables =
    [
        ("MESH_SERVICE", nameof(MeshOptions.ServiceName)),
        ("MESH_NAMESPACE", nameof(MeshOptions.Namespace)),
        ("MESH_SERVICE_ACCOUNT", nameof(MeshOptions.ServiceAccount)),
        ("MESH_VERSION", nameof(MeshOptions.Version)),
        ("MESH_LOCALITY", nameof(MeshOptions.Locality)),
        ("MESH_JOIN_TOKEN", nameof(MeshOptions.JoinToken)),
        ("MESH_ADVERTISE_ADDRESS", nameof(MeshOptions.AdvertiseAddress)),
        ("MESH_TRUST_DOMAIN", nameof(MeshOptions.TrustDomain)),
        ("MESH_ROOT_NAMESPACE", nameof(MeshOptions.RootNamespace)),
        ("MESH_OUTBOUND_TRAFFIC_POLICY", nameof(MeshOptions.OutboundTrafficPolicy)),
        ("MESH_REQUEST_CERTIFICATE", nameof(MeshOptions.RequestCertificate)),
        ("MESH_TOPOLOGY_REPORT_INTERVAL", nameof(MeshOptions.TopologyReportInterval)),
        ("MESH_ACCESS_LOG", nameof(MeshOptions.AccessLog)),
        ("MESH_TRACE_PROPAGATION", nameof(MeshOptions.TracePropagation)),
        ("MESH_CONTROL_PLANE", nameof(MeshOptions.ControlPlane)),
        ("MESH_POLICY_FILES", nameof(MeshOptions.PolicyFiles)),
    ];

    /// <summary>Applies the variables <paramref name="environment"/> holds, except those whose option <paramref name="skip"/> names.</summary>
    public static void Apply(MeshOptions options, Func<string, string?> environment, Func<string, bool>? skip = null)
    {
        string? Read(string variable)
        {
            foreach (var (name, option) in Variables)
            {
                if (name == variable)
                {
                    return skip?.Invoke(option) == true ? null : environment(variable);
                }
            }

            throw new InvalidOperationException($"{variable} is not in {nameof(Variables)}");
        }

        Set(Read("MESH_SERVICE"), v => options.ServiceName = v);
        Set(Read("MESH_NAMESPACE"), v => options.Namespace = v);
        Set(Read("MESH_SERVICE_ACCOUNT"), v => options.ServiceAccount = v);
        Set(Read("MESH_VERSION"), v => options.Version = v);
        Set(Read("MESH_LOCALITY"), v => options.Locality = v);
        Set(Read("MESH_JOIN_TOKEN"), v => options.JoinToken = v);
        Set(Read("MESH_ADVERTISE_ADDRESS"), v => options.AdvertiseAddress = v);
        Set(Read("MESH_TRUST_DOMAIN"), v => options.TrustDomain = v);
        Set(Read("MESH_ROOT_NAMESPACE"), v => options.RootNamespace = v);
        Set(Read("MESH_OUTBOUND_TRAFFIC_POLICY"), v => options.OutboundTrafficPolicy = v.ToUpperInvariant() switch
        {
            "REGISTRY_ONLY" => OutboundTrafficPolicy.RegistryOnly,
            "ALLOW_ANY" => OutboundTrafficPolicy.AllowAny,
            _ => throw new MeshConfigurationException($"MESH_OUTBOUND_TRAFFIC_POLICY must be ALLOW_ANY or REGISTRY_ONLY, not \"{v}\""),
        });
        Set(Read("MESH_REQUEST_CERTIFICATE"), v => options.RequestCertificate = bool.TryParse(v, out var request)
            ? request
            : throw new MeshConfigurationException($"MESH_REQUEST_CERTIFICATE must be true or false, not \"{v}\""));
        Set(Read("MESH_TOPOLOGY_REPORT_INTERVAL"), v => options.TopologyReportInterval =
            double.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
                ? TimeSpan.FromSeconds(seconds)
                : throw new MeshConfigurationException($"MESH_TOPOLOGY_REPORT_INTERVAL must be a number of seconds (0 turns reporting off), not \"{v}\""));
        Set(Read("MESH_ACCESS_LOG"), v =>
        {
            (options.AccessLog.Enabled, options.AccessLog.ErrorsOnly) = v.ToLowerInvariant() switch
            {
                "all" or "true" or "on" => (true, false),
                "errors" => (true, true),
                "off" or "false" => (false, false),
                _ => throw new MeshConfigurationException($"MESH_ACCESS_LOG must be all, errors or off, not \"{v}\""),
            };
        });
        Set(Read("MESH_TRACE_PROPAGATION"), v => options.TracePropagation = ParsePropagation(v));
        Set(Read("MESH_CONTROL_PLANE"), v =>
        {
            options.ControlPlane.Clear();
            options.ControlPlane.AddRange(Split(v));
        });
        Set(Read("MESH_POLICY_FILES"), v =>
        {
            options.PolicyFiles.Clear();
            options.PolicyFiles.AddRange(Split(v));
        });
    }

    private static void Set(string? value, Action<string> apply)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            apply(value.Trim());
        }
    }

    private static Mesh.Client.Telemetry.TracePropagation ParsePropagation(string value)
    {
        var formats = Mesh.Client.Telemetry.TracePropagation.None;
        foreach (var format in Split(value))
        {
            formats |= format.ToLowerInvariant() switch
            {
                "w3c" or "tracecontext" => Mesh.Client.Telemetry.TracePropagation.W3C,
                "b3multi" => Mesh.Client.Telemetry.TracePropagation.B3Multi,
                "b3" => Mesh.Client.Telemetry.TracePropagation.B3Single,
                "none" => Mesh.Client.Telemetry.TracePropagation.None,
                _ => throw new MeshConfigurationException($"MESH_TRACE_PROPAGATION: \"{format}\" is not one of w3c, b3multi, b3, none"),
            };
        }

        return formats;
    }

    private static string[] Split(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

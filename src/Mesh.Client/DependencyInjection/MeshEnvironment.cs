using Mesh.Client;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Reads <c>MESH_*</c> environment variables over configuration.</summary>
internal static class MeshEnvironment
{
    public static void Apply(MeshOptions options, Func<string, string?> environment)
    {
        Set(environment("MESH_SERVICE"), v => options.ServiceName = v);
        Set(environment("MESH_NAMESPACE"), v => options.Namespace = v);
        Set(environment("MESH_SERVICE_ACCOUNT"), v => options.ServiceAccount = v);
        Set(environment("MESH_VERSION"), v => options.Version = v);
        Set(environment("MESH_LOCALITY"), v => options.Locality = v);
        Set(environment("MESH_JOIN_TOKEN"), v => options.JoinToken = v);
        Set(environment("MESH_ADVERTISE_ADDRESS"), v => options.AdvertiseAddress = v);
        Set(environment("MESH_TRUST_DOMAIN"), v => options.TrustDomain = v);
        Set(environment("MESH_ROOT_NAMESPACE"), v => options.RootNamespace = v);
        Set(environment("MESH_OUTBOUND_TRAFFIC_POLICY"), v => options.OutboundTrafficPolicy = v.ToUpperInvariant() switch
        {
            "REGISTRY_ONLY" => OutboundTrafficPolicy.RegistryOnly,
            "ALLOW_ANY" => OutboundTrafficPolicy.AllowAny,
            _ => throw new InvalidOperationException($"MESH_OUTBOUND_TRAFFIC_POLICY must be ALLOW_ANY or REGISTRY_ONLY, not \"{v}\""),
        });
        Set(environment("MESH_REQUEST_CERTIFICATE"), v => options.RequestCertificate = bool.TryParse(v, out var request)
            ? request
            : throw new InvalidOperationException($"MESH_REQUEST_CERTIFICATE must be true or false, not \"{v}\""));
        Set(environment("MESH_TOPOLOGY_REPORT_INTERVAL"), v => options.TopologyReportInterval =
            double.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
                ? TimeSpan.FromSeconds(seconds)
                : throw new InvalidOperationException($"MESH_TOPOLOGY_REPORT_INTERVAL must be a number of seconds (0 turns reporting off), not \"{v}\""));
        Set(environment("MESH_ACCESS_LOG"), v =>
        {
            (options.AccessLog.Enabled, options.AccessLog.ErrorsOnly) = v.ToLowerInvariant() switch
            {
                "all" or "true" or "on" => (true, false),
                "errors" => (true, true),
                "off" or "false" => (false, false),
                _ => throw new InvalidOperationException($"MESH_ACCESS_LOG must be all, errors or off, not \"{v}\""),
            };
        });
        Set(environment("MESH_TRACE_PROPAGATION"), v => options.TracePropagation = ParsePropagation(v));
        Set(environment("MESH_CONTROL_PLANE"), v =>
        {
            options.ControlPlane.Clear();
            options.ControlPlane.AddRange(Split(v));
        });
        Set(environment("MESH_POLICY_FILES"), v =>
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
                _ => throw new InvalidOperationException($"MESH_TRACE_PROPAGATION: \"{format}\" is not one of w3c, b3multi, b3, none"),
            };
        }

        return formats;
    }

    private static string[] Split(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

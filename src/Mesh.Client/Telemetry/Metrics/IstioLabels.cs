using System.Globalization;
using Mesh.Policy.Resources;

namespace Mesh.Client.Telemetry.Metrics;

/// <summary>
/// Istio's standard metric labels, in Istio's order, and the values Mesh gives them. Every value comes from a
/// bounded set (workloads, services, status codes, flags): no path, user or id is ever a label.
/// </summary>
internal static class IstioLabels
{
    public const string Reporter = "reporter";
    public const string SourceWorkload = "source_workload";
    public const string SourceWorkloadNamespace = "source_workload_namespace";
    public const string SourcePrincipal = "source_principal";
    public const string SourceApp = "source_app";
    public const string SourceVersion = "source_version";
    public const string DestinationWorkload = "destination_workload";
    public const string DestinationWorkloadNamespace = "destination_workload_namespace";
    public const string DestinationService = "destination_service";
    public const string DestinationServiceName = "destination_service_name";
    public const string DestinationServiceNamespace = "destination_service_namespace";
    public const string DestinationVersion = "destination_version";
    public const string DestinationPrincipal = "destination_principal";
    public const string RequestProtocol = "request_protocol";
    public const string ResponseCode = "response_code";
    public const string ResponseFlags = "response_flags";
    public const string ConnectionSecurityPolicy = "connection_security_policy";

    public const int Count = 17;

    /// <summary>What Istio writes for a value it does not know.</summary>
    public const string Unknown = "unknown";

    /// <summary>No response flag (Envoy's <c>-</c>).</summary>
    public const string NoFlags = "-";

    private static readonly string[] Codes = CreateCodes();

    /// <summary>The status code as a label value, without allocating for 0–599.</summary>
    public static string Code(int status) =>
        (uint)status < (uint)Codes.Length ? Codes[status] : status.ToString(CultureInfo.InvariantCulture);

    /// <summary>Istio's workload name for an app and version: <c>reviews-v1</c> (the Deployment name in BookInfo).</summary>
    public static string Workload(string? app, string? version) =>
        app is null ? Unknown : version is null ? app : app + "-" + version;

    /// <summary><c>spiffe://</c> + a principal (<c>cluster.local/ns/NS/sa/SA</c>), as Istio labels principals.</summary>
    public static string Principal(string? principal) =>
        string.IsNullOrEmpty(principal) ? Unknown : principal.StartsWith("spiffe://", StringComparison.Ordinal) ? principal : "spiffe://" + principal;

    /// <summary>The short name and namespace of a mesh host (<c>reviews.bookinfo.svc.cluster.local</c>).</summary>
    public static (string Name, string Namespace) SplitHost(string host)
    {
        var parts = host.Split('.');
        return host.EndsWith("." + ServiceHost.ClusterDomain, StringComparison.OrdinalIgnoreCase) && parts.Length == 5
            ? (parts[0], parts[1])
            : (host, Unknown);
    }

    private static string[] CreateCodes()
    {
        var codes = new string[600];
        for (var i = 0; i < codes.Length; i++)
        {
            codes[i] = i.ToString(CultureInfo.InvariantCulture);
        }

        return codes;
    }
}

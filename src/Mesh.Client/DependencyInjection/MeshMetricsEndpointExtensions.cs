using Mesh.Client;
using Mesh.Client.Telemetry.Prometheus;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Prometheus exposition of the mesh's metrics: <c>app.MapMeshMetrics()</c>.</summary>
public static class MeshMetricsEndpointExtensions
{
    /// <summary>
    /// Serves this app's mesh metrics at <paramref name="path"/> in the Prometheus text format (0.0.4): Istio's
    /// <c>istio_requests_total</c>, <c>istio_request_duration_milliseconds</c>, <c>istio_request_bytes</c>,
    /// <c>istio_response_bytes</c> (both reporters) and <c>mesh_decisions_total</c>. Metrics are aggregated from
    /// this call on; scrapes of the path are not themselves counted.
    /// </summary>
    /// <param name="endpoints">The app.</param>
    /// <param name="path">The path. <value>Default: <c>/metrics</c>.</value></param>
    public static IEndpointConventionBuilder MapMeshMetrics(this IEndpointRouteBuilder endpoints, string path = "/metrics")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (!path.StartsWith('/'))
        {
            throw new ArgumentException($"The metrics path must start with '/' (got \"{path}\").", nameof(path));
        }

        var runtime = endpoints.ServiceProvider.GetService<MeshRuntime>()
            ?? throw new InvalidOperationException("MapMeshMetrics() needs the mesh: call builder.Services.AddMesh(...) first.");
        var exporter = endpoints.ServiceProvider.GetRequiredService<MeshMetricsExporter>();
        runtime.Telemetry.ScrapePath = path;
        return endpoints.MapGet(path, (HttpContext context) =>
        {
            context.Response.ContentType = PrometheusText.ContentType;
            return context.Response.WriteAsync(exporter.Scrape(), context.RequestAborted);
        });
    }
}

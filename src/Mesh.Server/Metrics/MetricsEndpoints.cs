using Mesh.Client.Telemetry.Prometheus;

namespace Mesh.Server.Metrics;

/// <summary><c>GET /metrics</c>: the server's metrics in the Prometheus text format (no token: like a status page, it shows counts only).</summary>
internal static class MetricsEndpoints
{
    public static void MapMetricsEndpoints(this WebApplication app)
    {
        var metrics = app.Services.GetRequiredService<ServerMetrics>();
        var aggregator = new MetricsAggregator(instrument => ReferenceEquals(instrument.Meter, metrics.Meter));
        app.Lifetime.ApplicationStopped.Register(aggregator.Dispose);
        app.MapGet("/metrics", (HttpContext context) =>
        {
            context.Response.ContentType = PrometheusText.ContentType;
            return context.Response.WriteAsync(PrometheusText.Write(aggregator.Collect()), context.RequestAborted);
        });
    }
}

using System.Diagnostics.Metrics;

namespace Mesh.Client.Telemetry.Prometheus;

/// <summary>
/// The Prometheus view of one meshed app: the <c>Mesh</c> instruments of the app's own meter factory (Istio's
/// metrics) and the process-wide <c>Mesh</c> decision counter. Created when <c>MapMeshMetrics</c> is called, so
/// an app that does not expose metrics pays nothing.
/// </summary>
internal sealed class MeshMetricsExporter : IDisposable
{
    private readonly MetricsAggregator _aggregator;

    public MeshMetricsExporter(IMeterFactory? meters = null)
    {
        _aggregator = new MetricsAggregator(instrument =>
            instrument.Meter.Name == MeshEvents.Name && (instrument.Meter.Scope is null || ReferenceEquals(instrument.Meter.Scope, meters)));
    }

    /// <summary>The current exposition text.</summary>
    public string Scrape() => PrometheusText.Write(_aggregator.Collect());

    public void Dispose() => _aggregator.Dispose();
}

namespace Mesh.Client.Telemetry.Prometheus;

/// <summary>
/// The Prometheus view of one meshed app: the <c>Mesh</c> instruments of the app's own meter factory (Istio's
/// metrics) and the process-wide <c>Mesh</c> decision counter. Created when <c>MapMeshMetrics</c> is called, so
/// an app that does not expose metrics pays nothing.
/// </summary>
internal sealed class MeshMetricsExporter : IDisposable
{
    private readonly MetricsAggregator _aggregator;

    public MeshMetricsExporter(MeshRuntime runtime)
    {
        // This app's own meter and the process-wide decision counter, by identity: other apps in the process have
        // meters of the same name (and, without a meter factory, no scope to tell them apart).
        var own = runtime.Telemetry.Meter;
        _aggregator = new MetricsAggregator(instrument =>
            ReferenceEquals(instrument.Meter, own) || ReferenceEquals(instrument.Meter, MeshEvents.Meter));
    }

    /// <summary>The current exposition text.</summary>
    public string Scrape() => PrometheusText.Write(_aggregator.Collect());

    public void Dispose() => _aggregator.Dispose();
}

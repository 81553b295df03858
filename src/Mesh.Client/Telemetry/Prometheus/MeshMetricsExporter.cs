using Mesh.Client.Telemetry.Metrics;

namespace Mesh.Client.Telemetry.Prometheus;

/// <summary>
/// The Prometheus view of one meshed app: Istio's metrics of the app's own meter factory, which the mesh records
/// straight into this exporter's <see cref="IstioRecorder"/>, and every other instrument of the app's <c>Mesh</c>
/// meter and the process-wide <c>Mesh</c> decision counter, through a listener. Created when
/// <c>MapMeshMetrics</c> is called, so an app that does not expose metrics pays nothing.
/// </summary>
internal sealed class MeshMetricsExporter : IDisposable
{
    private readonly MetricsAggregator _aggregator;
    private readonly IstioInstruments _istio;
    private readonly IstioRecorder _recorder;

    public MeshMetricsExporter(MeshRuntime runtime)
    {
        // This app's own meter and the process-wide decision counter, by identity: other apps in the process have
        // meters of the same name (and, without a meter factory, no scope to tell them apart). Istio's instruments
        // are left to the recorder: listening to them too would count every request twice.
        var own = runtime.Telemetry.Meter;
        _istio = runtime.Telemetry.Istio;
        _recorder = new IstioRecorder(_istio);
        _aggregator = new MetricsAggregator(instrument =>
            (ReferenceEquals(instrument.Meter, own) && !_istio.Contains(instrument)) || ReferenceEquals(instrument.Meter, MeshEvents.Meter));
        _istio.Attach(_recorder);
    }

    /// <summary>The current exposition text.</summary>
    public string Scrape()
    {
        var states = new List<InstrumentState>(_aggregator.Collect());
        states.AddRange(_recorder.States);
        states.Sort(static (a, b) => string.CompareOrdinal(a.Instrument.Name, b.Instrument.Name));
        return PrometheusText.Write(states);
    }

    public void Dispose()
    {
        _istio.Detach(_recorder);
        _aggregator.Dispose();
    }
}

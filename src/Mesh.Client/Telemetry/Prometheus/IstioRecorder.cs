using Mesh.Client.Telemetry.Metrics;

namespace Mesh.Client.Telemetry.Prometheus;

/// <summary>
/// Istio's four request metrics as <c>MapMeshMetrics</c> exposes them, recorded by the mesh straight into their
/// series instead of through a <see cref="System.Diagnostics.Metrics.MeterListener"/>. Through a listener each
/// request made four measurements, each handed to every listener and then matched to a series by its 17 tags;
/// that cost 1.2–3 μs per request on the benchmark's socket path (docs/performance.md). Here a request finds its
/// series through its cached <see cref="IstioLabelSet"/> and adds to them: a few interlocked additions. The
/// instruments themselves still publish to any other listener (an OpenTelemetry SDK), which pays its own way.
/// </summary>
internal sealed class IstioRecorder
{
    private readonly InstrumentState _requests;
    private readonly InstrumentState _duration;
    private readonly InstrumentState _requestBytes;
    private readonly InstrumentState _responseBytes;

    public IstioRecorder(IstioInstruments instruments)
    {
        // The same names, descriptions, units and bucket boundaries as the instruments: the exposition cannot
        // tell the two paths apart.
        _requests = InstrumentState.Create(instruments.Requests)!;
        _duration = InstrumentState.Create(instruments.Duration)!;
        _requestBytes = InstrumentState.Create(instruments.RequestBytes)!;
        _responseBytes = InstrumentState.Create(instruments.ResponseBytes)!;
        States = [_requests, _duration, _requestBytes, _responseBytes];
    }

    /// <summary>The four instruments' states, for the exposition.</summary>
    public IReadOnlyList<InstrumentState> States { get; }

    /// <summary>Records one request (the hot path: no lookup once the label set has been seen).</summary>
    public void Record(IstioLabelSet labels, double milliseconds, long requestBytes, long responseBytes)
    {
        var series = labels.SeriesOf(this) ?? Bind(labels);
        series.Requests.Add(1);
        series.Duration.Observe(milliseconds, _duration.Bounds);
        series.RequestBytes.Observe(requestBytes, _requestBytes.Bounds);
        series.ResponseBytes.Observe(responseBytes, _responseBytes.Bounds);
    }

    private IstioSeries Bind(IstioLabelSet labels)
    {
        var series = new IstioSeries(
            this,
            _requests.SeriesOf(labels.Tags),
            _duration.SeriesOf(labels.Tags),
            _requestBytes.SeriesOf(labels.Tags),
            _responseBytes.SeriesOf(labels.Tags));
        labels.Remember(series);
        return series;
    }
}

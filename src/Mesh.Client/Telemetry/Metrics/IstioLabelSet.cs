using Mesh.Client.Telemetry.Prometheus;

namespace Mesh.Client.Telemetry.Metrics;

/// <summary>
/// One combination of Istio label values, built once and reused: the tag array the <c>Mesh</c> meter's instruments
/// are given, and the series <c>MapMeshMetrics</c> keeps for it, found on the first request with these labels
/// and not looked up again.
/// </summary>
internal sealed class IstioLabelSet(KeyValuePair<string, object?>[] tags)
{
    private IstioSeries? _series;

    /// <summary>The labels, in Istio's order.</summary>
    public KeyValuePair<string, object?>[] Tags { get; } = tags;

    /// <summary>The series of this label set in <paramref name="recorder"/>, or null when it has none yet.</summary>
    public IstioSeries? SeriesOf(IstioRecorder recorder) =>
        Volatile.Read(ref _series) is { } series && ReferenceEquals(series.Recorder, recorder) ? series : null;

    /// <summary>Remembers the series of this label set (a race only means two writers store equal series).</summary>
    public void Remember(IstioSeries series) => Volatile.Write(ref _series, series);
}

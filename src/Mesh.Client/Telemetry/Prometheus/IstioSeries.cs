namespace Mesh.Client.Telemetry.Prometheus;

/// <summary>The four series of one Istio label set in one <see cref="IstioRecorder"/>.</summary>
internal sealed class IstioSeries(IstioRecorder recorder, Series requests, Series duration, Series requestBytes, Series responseBytes)
{
    public IstioRecorder Recorder { get; } = recorder;

    public Series Requests { get; } = requests;

    public Series Duration { get; } = duration;

    public Series RequestBytes { get; } = requestBytes;

    public Series ResponseBytes { get; } = responseBytes;
}

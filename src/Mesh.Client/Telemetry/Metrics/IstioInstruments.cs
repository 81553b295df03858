using System.Diagnostics.Metrics;
using Mesh.Client.Telemetry.Prometheus;

namespace Mesh.Client.Telemetry.Metrics;

/// <summary>
/// Istio's standard request metrics on the <c>Mesh</c> meter, named as Istio's Prometheus names them so that its
/// Grafana and Kiali dashboards work unchanged. Bucket boundaries are given as instrument advice, so an
/// OpenTelemetry SDK uses Istio's too. <c>MapMeshMetrics</c> does not listen to them: it attaches an
/// <see cref="IstioRecorder"/>, which the mesh records into directly.
/// </summary>
internal sealed class IstioInstruments
{
    private IstioRecorder? _recorder;

    /// <summary>Istio's (Envoy's) request-duration buckets, in milliseconds.</summary>
    public static readonly double[] DurationBuckets = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000];

    /// <summary>Istio's size buckets, in bytes: powers of ten from 1 B to 1 GB.</summary>
    public static readonly long[] SizeBuckets = [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000];

    public IstioInstruments(Meter meter)
    {
        Requests = meter.CreateCounter<long>("istio_requests_total", "{request}", "Requests, by source and destination workload, response code and flags (Istio's standard metric)");
        Duration = meter.CreateHistogram("istio_request_duration_milliseconds", "ms", "Request duration in milliseconds, until the response headers (Istio's standard metric)", tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        RequestBytes = meter.CreateHistogram("istio_request_bytes", "By", "Request body size in bytes, as declared by Content-Length (Istio's standard metric)", tags: null, new InstrumentAdvice<long> { HistogramBucketBoundaries = SizeBuckets });
        ResponseBytes = meter.CreateHistogram("istio_response_bytes", "By", "Response body size in bytes, as declared by Content-Length (Istio's standard metric)", tags: null, new InstrumentAdvice<long> { HistogramBucketBoundaries = SizeBuckets });
    }

    public Counter<long> Requests { get; }

    public Histogram<double> Duration { get; }

    public Histogram<long> RequestBytes { get; }

    public Histogram<long> ResponseBytes { get; }

    /// <summary>True when anything takes these metrics: <c>MapMeshMetrics</c>, or a listener such as an OpenTelemetry SDK.</summary>
    public bool Enabled => Volatile.Read(ref _recorder) is not null || Requests.Enabled || Duration.Enabled;

    /// <summary>True for the four instruments of this class.</summary>
    public bool Contains(Instrument instrument) =>
        instrument == Requests || instrument == Duration || instrument == RequestBytes || instrument == ResponseBytes;

    /// <summary>Starts recording into <paramref name="recorder"/> as well (one at a time; the last attached wins).</summary>
    public void Attach(IstioRecorder recorder) => Volatile.Write(ref _recorder, recorder);

    /// <summary>Stops recording into <paramref name="recorder"/>, if it is the one attached.</summary>
    public void Detach(IstioRecorder recorder) => Interlocked.CompareExchange(ref _recorder, null, recorder);

    /// <summary>Records one request under <paramref name="labels"/> (cached: nothing is allocated here).</summary>
    public void Record(IstioLabelSet labels, double milliseconds, long requestBytes, long responseBytes)
    {
        Volatile.Read(ref _recorder)?.Record(labels, milliseconds, requestBytes, responseBytes);
        if (Requests.Enabled)
        {
            Requests.Add(1, labels.Tags);
        }

        if (Duration.Enabled)
        {
            Duration.Record(milliseconds, labels.Tags);
        }

        if (RequestBytes.Enabled)
        {
            RequestBytes.Record(requestBytes, labels.Tags);
        }

        if (ResponseBytes.Enabled)
        {
            ResponseBytes.Record(responseBytes, labels.Tags);
        }
    }
}

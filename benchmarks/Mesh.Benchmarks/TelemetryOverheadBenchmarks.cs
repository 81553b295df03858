using System.Diagnostics;
using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Mesh.Client.Telemetry.Prometheus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mesh.Benchmarks;

/// <summary>
/// What telemetry adds to a meshed request (issue 7): the outbound benchmark's request (ten routes, 90/10 split,
/// retries, least request) with nothing listening, with metrics on (the exporter of <c>MapMeshMetrics</c>: Istio's
/// four metrics recorded into it directly, the decision counter through its listener), with metrics on and a
/// <see cref="MeterListener"/> of the application's own on every <c>Mesh</c> instrument as well (what an
/// OpenTelemetry SDK's <c>AddMeter("Mesh")</c> attaches, without the SDK's own aggregation), and with metrics and
/// tracing on (plus an <see cref="ActivityListener"/>
/// on <c>Mesh</c> that samples everything: a recorded client span with its attributes, an attempt event, and W3C
/// and B3 headers written). Each group has its own raw <see cref="HttpClient"/> baseline, measured in the same run.
/// The <c>…NoFactoryLogging</c> row sends the same request from a client built with <c>RemoveAllLoggers()</c>:
/// without <see cref="IHttpClientFactory"/>'s logging handler, which every factory client pays, meshed or not.
/// </summary>
[MemoryDiagnoser]
public class TelemetryOverheadBenchmarks
{
    private InProcessBackend _v1 = null!;
    private InProcessBackend _v2 = null!;
    private IHost _caller = null!;
    private string _policyDirectory = null!;
    private HttpClient _raw = null!;
    private HttpClient _rawControl = null!;
    private HttpClient _meshed = null!;
    private HttpClient _meshedNoLogging = null!;
    private ActivityListener? _spans;
    private MeterListener? _meters;
    private long _measured;
    private Uri _direct = null!;
    private Uri _mesh = null!;

    /// <summary>What listens.</summary>
    public enum Listening
    {
        /// <summary>Nothing: telemetry must cost (almost) nothing.</summary>
        Off,

        /// <summary>Mesh's Prometheus exporter (MapMeshMetrics).</summary>
        Metrics,

        /// <summary>The exporter and a MeterListener on every Mesh instrument (as an OpenTelemetry SDK attaches).</summary>
        MetricsAndMeterListener,

        /// <summary>The aggregator and an ActivityListener on Mesh sampling everything.</summary>
        MetricsAndTracing,
    }

    [Params(Listening.Off, Listening.Metrics, Listening.MetricsAndMeterListener, Listening.MetricsAndTracing)]
    public Listening Telemetry { get; set; }

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public Task<byte[]> RawHttpClient() => _raw.GetByteArrayAsync(_direct);

    /// <summary>
    /// Not a benchmark: the interleaved runs' A/A control, a second raw client with its own connection (see
    /// <see cref="OutboundOverheadBenchmarks.RawHttpClientControl"/> for why not the baseline's own client).
    /// </summary>
    public Task<byte[]> RawHttpClientControl() => _rawControl.GetByteArrayAsync(_direct);

    [Benchmark]
    public Task<byte[]> MeshedClientTenRoutes() => _meshed.GetByteArrayAsync(_mesh);

    [Benchmark]
    public Task<byte[]> MeshedClientTenRoutesNoFactoryLogging() => _meshedNoLogging.GetByteArrayAsync(_mesh);

    private async Task SetupAsync()
    {
        _v1 = await InProcessBackend.StartAsync();
        _v2 = await InProcessBackend.StartAsync();
        _direct = _v1.Url;
        _mesh = new Uri(BenchmarkPolicy.MeshUrl);
        _policyDirectory = Directory.CreateTempSubdirectory("mesh-bench-").FullName;
        BenchmarkPolicy.Parse(_v1.Port, _v2.Port);
        await File.WriteAllTextAsync(Path.Combine(_policyDirectory, "reviews.yaml"), BenchmarkPolicy.Yaml(_v1.Port, _v2.Port));

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddMesh(o =>
        {
            o.ServiceName = "caller";
            o.PolicyFiles.Add(_policyDirectory);
            o.Register = false;
        });
        builder.Services.AddHttpClient("mesh").AddMesh();
        builder.Services.AddHttpClient("mesh-no-logging").RemoveAllLoggers().AddMesh();
        _caller = builder.Build();
        await _caller.StartAsync();

        MeshMetricsExporter? exporter = null;
        if (Telemetry != Listening.Off)
        {
            exporter = _caller.Services.GetRequiredService<MeshMetricsExporter>(); // what MapMeshMetrics() attaches
        }

        if (Telemetry == Listening.MetricsAndMeterListener)
        {
            _meters = new MeterListener
            {
                InstrumentPublished = static (instrument, listener) =>
                {
                    if (instrument.Meter.Name == "Mesh")
                    {
                        listener.EnableMeasurementEvents(instrument);
                    }
                },
            };
            _meters.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _measured, value));
            _meters.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref _measured));
            _meters.Start();
        }

        if (Telemetry == Listening.MetricsAndTracing)
        {
            _spans = new ActivityListener
            {
                ShouldListenTo = static s => s.Name == "Mesh",
                Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            };
            ActivitySource.AddActivityListener(_spans);
        }

        _meshed = _caller.Services.GetRequiredService<IHttpClientFactory>().CreateClient("mesh");
        _meshedNoLogging = _caller.Services.GetRequiredService<IHttpClientFactory>().CreateClient("mesh-no-logging");
        _raw = new HttpClient(InProcessBackend.NewHandler());
        _rawControl = new HttpClient(InProcessBackend.NewHandler());
        foreach (var client in new[] { _raw, _rawControl, _meshed, _meshedNoLogging })
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation(BenchmarkPolicy.UserHeader, BenchmarkPolicy.UserValue);
        }

        foreach (var raw in new[] { _raw, _rawControl })
        {
            if ((await raw.GetByteArrayAsync(_direct)).Length != 2)
            {
                throw new InvalidOperationException($"unexpected body from {_direct}");
            }
        }

        for (var i = 0; i < 50; i++)
        {
            using var response = await (i % 2 == 0 ? _meshed : _meshedNoLogging).GetAsync(_mesh);
            if (!response.IsSuccessStatusCode || response.Headers.Contains("x-mesh-reason"))
            {
                throw new InvalidOperationException($"the meshed request failed: {(int)response.StatusCode}");
            }
        }

        if (exporter is not null && !exporter.Scrape().Contains("istio_requests_total{reporter=\"source\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("metrics are on but istio_requests_total was not recorded");
        }

        if (_meters is not null && Interlocked.Read(ref _measured) == 0)
        {
            throw new InvalidOperationException("a MeterListener is attached but received no measurement");
        }

        Console.WriteLine($"// telemetry {Telemetry}: verified");
    }

    private async Task CleanupAsync()
    {
        _spans?.Dispose();
        _meters?.Dispose();
        _raw.Dispose();
        _rawControl.Dispose();
        await _caller.StopAsync();
        _caller.Dispose();
        await _v1.DisposeAsync();
        await _v2.DisposeAsync();
        Directory.Delete(_policyDirectory, recursive: true);
    }
}

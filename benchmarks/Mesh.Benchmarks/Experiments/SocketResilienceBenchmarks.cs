using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mesh.Benchmarks.Experiments;

/// <summary>
/// Experiment: over real sockets, how much of the meshed request's extra time comes with the route's resilience
/// pipeline. Besides <c>reviews</c> (<see cref="BenchmarkPolicy"/>: ten routes, timeout and retries), the policy
/// has <c>details</c>: one endpoint, one route, no timeout and <c>retries.attempts: 0</c>, so that its Polly
/// pipeline holds no strategy. Both meshed rows use the same client; the baseline is the raw client of
/// <see cref="OutboundOverheadBenchmarks"/>.
/// </summary>
// Kept: its rows are --latency resilience, which splits the overhead into the fixed path and what routes, split
// and resilience add (docs/performance.md). As a BenchmarkDotNet class its error is too wide to say that.
[MemoryDiagnoser]
public class SocketResilienceBenchmarks
{
    private const string Details = """
        ---
        apiVersion: networking.istio.io/v1
        kind: WorkloadEntry
        metadata:
          name: details-v1
        spec:
          address: 127.0.0.1
          ports:
            http: {DETAILS_PORT}
          labels:
            app: details
            version: v1
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: details
        spec:
          hosts:
          - details
          http:
          - route:
            - destination:
                host: details
            retries:
              attempts: 0
        """;

    private readonly List<InProcessBackend> _backends = [];
    private IHost _caller = null!;
    private string _policyDirectory = null!;
    private HttpClient _raw = null!;
    private HttpClient _meshed = null!;
    private Uri _direct = null!;
    private readonly Uri _reviews = new(BenchmarkPolicy.MeshUrl);
    private readonly Uri _details = new("http://details:9080/");

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public Task<byte[]> RawHttpClient() => _raw.GetByteArrayAsync(_direct);

    [Benchmark]
    public Task<byte[]> MeshedOneRouteNoResilience() => _meshed.GetByteArrayAsync(_details);

    [Benchmark]
    public Task<byte[]> MeshedTenRoutesTimeoutAndRetries() => _meshed.GetByteArrayAsync(_reviews);

    private async Task SetupAsync()
    {
        for (var i = 0; i < 3; i++)
        {
            _backends.Add(await InProcessBackend.StartAsync());
        }

        _direct = _backends[0].Url;
        _policyDirectory = Directory.CreateTempSubdirectory("mesh-bench-").FullName;
        var yaml = BenchmarkPolicy.Yaml(_backends[0].Port, _backends[1].Port) + Environment.NewLine
            + Details.Replace("{DETAILS_PORT}", _backends[2].Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(_policyDirectory, "policy.yaml"), yaml);

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddMesh(o =>
        {
            o.ServiceName = "caller";
            o.PolicyFiles.Add(_policyDirectory);
            o.Register = false;
        });
        builder.Services.AddHttpClient("mesh").AddMesh();
        _caller = builder.Build();
        await _caller.StartAsync();
        _meshed = _caller.Services.GetRequiredService<IHttpClientFactory>().CreateClient("mesh");
        _raw = new HttpClient(InProcessBackend.NewHandler());
        foreach (var client in new[] { _raw, _meshed })
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation(BenchmarkPolicy.UserHeader, BenchmarkPolicy.UserValue);
        }

        var before = _backends[2].Requests;
        foreach (var (client, uri) in new[] { (_raw, _direct), (_meshed, _details), (_meshed, _reviews) })
        {
            if ((await client.GetByteArrayAsync(uri)).Length != 2)
            {
                throw new InvalidOperationException($"unexpected body from {uri}");
            }
        }

        if (_backends[2].Requests != before + 1)
        {
            throw new InvalidOperationException("details did not reach its backend");
        }
    }

    private async Task CleanupAsync()
    {
        _raw.Dispose();
        await _caller.StopAsync();
        _caller.Dispose();
        foreach (var backend in _backends)
        {
            await backend.DisposeAsync();
        }

        Directory.Delete(_policyDirectory, recursive: true);
    }
}

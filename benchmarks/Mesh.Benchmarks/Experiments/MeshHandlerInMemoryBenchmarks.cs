using BenchmarkDotNet.Attributes;
using Mesh.Client;
using Mesh.Client.Http;

namespace Mesh.Benchmarks.Experiments;

/// <summary>
/// Experiment: the mesh's own cost per request without sockets, Kestrel or IHttpClientFactory, so that the
/// microseconds are not lost in the noise of a loopback round trip. The baseline sends the same request straight
/// to an in-memory terminal handler; the meshed row sends it through <see cref="MeshHandler"/> (policy of
/// <see cref="BenchmarkPolicy"/>: ten routes walked, 90/10 split, timeout and retry pipeline, least request),
/// whose endpoint pools are pointed at the same terminal. Every request is new and carries
/// <c>end-user: benchmark</c>, in both rows. With <see cref="Yield"/> the terminal completes asynchronously, as
/// a socket does. The token passed can be canceled, as HttpClient's is.
/// </summary>
// Kept: the mesh's warm work per request (docs/performance.md), which over sockets cannot be told apart from the
// cold-cache cost of the same code.
[MemoryDiagnoser]
public class MeshHandlerInMemoryBenchmarks
{
    private static readonly Uri Direct = new("http://127.0.0.1:9081/");
    private static readonly Uri Meshed = new(BenchmarkPolicy.MeshUrl);

    // A token that can be canceled, as HttpClient's per-request token can, so that cancellation registrations
    // happen as they do under HttpClient (CancellationToken.None would skip them).
    private readonly CancellationTokenSource _cancellation = new();
    private MeshRuntime _runtime = null!;
    private HttpMessageInvoker _direct = null!;
    private HttpMessageInvoker _meshed = null!;

    [Params(false, true)]
    public bool Yield { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _runtime = BenchmarkPolicy.CompiledRuntime(9081, 9082);
        InMemoryTerminal.Install(_runtime, new InMemoryTerminal(Yield));
        _direct = new HttpMessageInvoker(new InMemoryTerminal(Yield));
        _meshed = new HttpMessageInvoker(new MeshHandler(_runtime) { InnerHandler = new InMemoryTerminal(Yield) });

        using var response = MeshedHandler().GetAwaiter().GetResult();
        if (!response.IsSuccessStatusCode || response.Headers.Contains("x-mesh-reason"))
        {
            throw new InvalidOperationException("The meshed request did not reach the terminal: " + (int)response.StatusCode);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _direct.Dispose();
        _meshed.Dispose();
        _runtime.Dispose();
        _cancellation.Dispose();
    }

    [Benchmark(Baseline = true)]
    public Task<HttpResponseMessage> DirectToTerminal() => _direct.SendAsync(NewRequest(Direct), _cancellation.Token);

    [Benchmark]
    public Task<HttpResponseMessage> MeshedHandler() => _meshed.SendAsync(NewRequest(Meshed), _cancellation.Token);

    private static HttpRequestMessage NewRequest(Uri uri)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.TryAddWithoutValidation(BenchmarkPolicy.UserHeader, BenchmarkPolicy.UserValue);
        return request;
    }
}

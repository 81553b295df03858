using BenchmarkDotNet.Attributes;
using Mesh.Client.Balancing;
using Mesh.Client.Http;

namespace Mesh.Benchmarks.Experiments;

/// <summary>
/// Experiment: does Mesh's transport cost anything by itself? The same GET to the same Kestrel backend, sent by
/// an <see cref="HttpMessageInvoker"/> over a <see cref="SocketsHttpHandler"/> with the baseline's settings (the
/// baseline), and through <see cref="MeshTransport"/>'s pool for the backend's endpoint (its own
/// SocketsHttpHandler whose ConnectCallback dials the endpoint's address, whatever the URI says). Both read the
/// whole body. No mesh logic runs in either row: once a connection is pooled, the two should cost the same.
/// </summary>
[MemoryDiagnoser]
public class TransportBenchmarks
{
    private InProcessBackend _backend = null!;
    private MeshTransport _transport = null!;
    private HttpMessageInvoker _plain = null!;
    private HttpMessageInvoker _meshPool = null!;
    private Uri _direct = null!;
    private readonly Uri _service = new(BenchmarkPolicy.MeshUrl);

    [GlobalSetup]
    public void Setup()
    {
        _backend = InProcessBackend.StartAsync().GetAwaiter().GetResult();
        _direct = _backend.Url;
        _plain = new HttpMessageInvoker(InProcessBackend.NewHandler());
        _transport = new MeshTransport();
        var endpoint = new EndpointState("127.0.0.1", _backend.Port, new Dictionary<string, string>());
        _meshPool = _transport.For(endpoint, null).Invoker;
        if (PlainHandler().GetAwaiter().GetResult().Length != 2 || MeshTransportPool().GetAwaiter().GetResult().Length != 2)
        {
            throw new InvalidOperationException("a row did not reach the backend");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _plain.Dispose();
        _transport.Dispose();
        _backend.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true)]
    public Task<byte[]> PlainHandler() => SendAsync(_plain, _direct);

    /// <summary>The request keeps the service's URI, as a meshed request does; the pool dials the endpoint.</summary>
    [Benchmark]
    public Task<byte[]> MeshTransportPool() => SendAsync(_meshPool, _service);

    private static async Task<byte[]> SendAsync(HttpMessageInvoker invoker, Uri uri)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        using var response = await invoker.SendAsync(request, CancellationToken.None).ConfigureAwait(false);
        return await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
    }
}

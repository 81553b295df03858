using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using Mesh.Client;
using Mesh.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mesh.Benchmarks;

/// <summary>
/// Mesh mTLS at steady state against plaintext, in one run: what a request costs once its pooled connection is
/// open (the handshake is paid once per connection, not measured here). Two meshed backends with identities
/// from a test CA: the caller reaches <c>plain</c> in plaintext (its WorkloadEntry lacks the mTLS label) and
/// <c>secure</c> over mTLS (auto-mTLS: the label is there). The baseline is a raw HttpClient in plaintext; a raw
/// HTTPS client presenting a certificate shows TLS's own cost without the mesh.
/// </summary>
[MemoryDiagnoser]
public class MtlsBenchmarks
{
    private TestCertificateAuthority _ca = null!;
    private MeshedBackend _plain = null!;
    private MeshedBackend _secure = null!;
    private IHost _caller = null!;
    private string _policyDirectory = null!;
    private HttpClient _raw = null!;
    private HttpClient _rawTls = null!;
    private HttpClient _meshed = null!;
    private Uri _rawTlsUrl = null!;
    private static readonly Uri PlainUrl = new("http://plain:9080/");
    private static readonly Uri SecureUrl = new("http://secure:9080/");

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public Task<byte[]> RawHttpClientPlaintext() => _raw.GetByteArrayAsync(_plain.Url);

    [Benchmark]
    public Task<byte[]> MeshedPlaintext() => _meshed.GetByteArrayAsync(PlainUrl);

    [Benchmark]
    public Task<byte[]> MeshedMtls() => _meshed.GetByteArrayAsync(SecureUrl);

    [Benchmark]
    public Task<byte[]> RawHttpsWithClientCertificate() => _rawTls.GetByteArrayAsync(_rawTlsUrl);

    private async Task SetupAsync()
    {
        _ca = TestCertificateAuthority.Create("Mesh Benchmark Root");
        _plain = await MeshedBackend.StartAsync("plain", _ca.Issue("default", "plain", TimeSpan.FromHours(2)));
        _secure = await MeshedBackend.StartAsync("secure", _ca.Issue("default", "secure", TimeSpan.FromHours(2)));
        _rawTlsUrl = new Uri($"https://127.0.0.1:{_secure.Port}/");

        _policyDirectory = Directory.CreateTempSubdirectory("mesh-bench-mtls-").FullName;
        await File.WriteAllTextAsync(Path.Combine(_policyDirectory, "endpoints.yaml"), $"""
            apiVersion: networking.istio.io/v1
            kind: WorkloadEntry
            metadata:
              name: plain
            spec:
              address: 127.0.0.1
              serviceAccount: plain
              ports:
                http: {_plain.Port}
              labels:
                app: plain
            ---
            apiVersion: networking.istio.io/v1
            kind: WorkloadEntry
            metadata:
              name: secure
            spec:
              address: 127.0.0.1
              serviceAccount: secure
              ports:
                http: {_secure.Port}
              labels:
                app: secure
                security.istio.io/tlsMode: istio
            """);

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddMesh(o =>
        {
            o.ServiceName = "caller";
            o.PolicyFiles.Add(_policyDirectory);
            o.Register = false;
        });
        builder.Services.AddHttpClient("mesh").RemoveAllLoggers().AddMesh();
        _caller = builder.Build();
        await _caller.StartAsync();
        var identity = _ca.Issue("default", "caller", TimeSpan.FromHours(2));
        _caller.Services.GetRequiredService<MeshRuntime>().Identity.Publish(identity);
        _meshed = _caller.Services.GetRequiredService<IHttpClientFactory>().CreateClient("mesh");
        _raw = new HttpClient(InProcessBackend.NewHandler());

        var tlsHandler = InProcessBackend.NewHandler();
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.AddRange(_ca.Bundle());
        tlsHandler.SslOptions = new SslClientAuthenticationOptions
        {
            ClientCertificates = new X509CertificateCollection { identity.Certificate },
            LocalCertificateSelectionCallback = (_, _, _, _, _) => identity.Certificate,
            CertificateChainPolicy = policy,
            RemoteCertificateValidationCallback = static (_, _, _, errors) => (errors & ~SslPolicyErrors.RemoteCertificateNameMismatch) == SslPolicyErrors.None,
        };
        _rawTls = new HttpClient(tlsHandler);
        await VerifyAsync();
    }

    /// <summary>Before timing: the mTLS row really is mTLS (the backend names the caller), the plaintext row is not.</summary>
    private async Task VerifyAsync()
    {
        var secure = await _meshed.GetStringAsync(new Uri(SecureUrl, "/who"));
        var plain = await _meshed.GetStringAsync(new Uri(PlainUrl, "/who"));
        var rawTls = await _rawTls.GetStringAsync(new Uri(_rawTlsUrl, "/who"));
        if (secure != "cluster.local/ns/default/sa/caller" || plain != "none" || rawTls != "cluster.local/ns/default/sa/caller")
        {
            throw new InvalidOperationException($"unexpected peers: secure {secure}, plain {plain}, raw TLS {rawTls}");
        }

        Console.WriteLine($"// verified: mTLS peer {secure}, plaintext peer {plain}");
    }

    private async Task CleanupAsync()
    {
        _raw.Dispose();
        _rawTls.Dispose();
        await _caller.StopAsync();
        _caller.Dispose();
        await _plain.DisposeAsync();
        await _secure.DisposeAsync();
        _ca.Dispose();
        Directory.Delete(_policyDirectory, recursive: true);
    }
}

using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Mesh.Client.Identity;
using Mesh.Policy.Resources.Security;
using Mesh.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Client.Tests.Integration.Security;

/// <summary>
/// One meshed server ("reviews", a real Kestrel) and one meshed caller, both reading the same local policy
/// directory (as services of one mesh see the same policy), with identities from a test CA.
/// </summary>
internal sealed class SecureMesh : IAsyncDisposable
{
    public const string CallerPrincipal = "cluster.local/ns/default/sa/caller";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private SecureMesh(TempDirectory policy, TestCertificateAuthority ca, Backend backend, MeshedClient client)
    {
        Policy = policy;
        Ca = ca;
        Backend = backend;
        Client = client;
    }

    public TempDirectory Policy { get; }

    public TestCertificateAuthority Ca { get; }

    public Backend Backend { get; }

    public MeshedClient Client { get; }

    public Uri Plain => new($"http://127.0.0.1:{Backend.Port}/");

    /// <summary>
    /// Starts both with <paramref name="policy"/> (plus the backend's WorkloadEntry, service account "reviews",
    /// marked mTLS-capable unless <paramref name="mtlsCapable"/> is false) and gives both identities.
    /// </summary>
    public static async Task<SecureMesh> StartAsync(string policy = "", bool mtlsCapable = true, string backendServiceAccount = "reviews", bool intermediate = false)
    {
        var directory = new TempDirectory();
        var ca = TestCertificateAuthority.Create(withIntermediate: intermediate);
        await File.WriteAllTextAsync(directory.File("policy.yaml"), policy.Length == 0 ? "# none\n" : policy);
        var backend = await Backend.StartAsync("reviews", "v1", configure: o =>
        {
            o.PolicyFiles.Clear();
            o.PolicyFiles.Add(directory.Path);
        });
        await File.WriteAllTextAsync(directory.File("endpoints.yaml"), backend.WorkloadEntryYaml("reviews", mtlsCapable));
        var client = await MeshedClient.StartAsync(o => o.PolicyFiles.Add(directory.Path));
        backend.PublishIdentity(ca.Issue("default", backendServiceAccount));
        Publish(client, ca.Issue("default", "caller"));
        var mesh = new SecureMesh(directory, ca, backend, client);
        await mesh.WaitUntilAsync(() => mesh.Client.Services.GetRequiredService<MeshRuntime>().Snapshot.TryResolve("reviews", out _), "the caller never saw reviews");
        return mesh;
    }

    public static void Publish(MeshedClient client, WorkloadCertificate? certificate) =>
        client.Services.GetRequiredService<MeshRuntime>().Identity.Publish(certificate);

    /// <summary>Rewrites the policy file and waits until the backend's own mode on its port is <paramref name="expected"/>.</summary>
    public async Task ApplyAsync(string policy, MutualTlsMode expected)
    {
        await File.WriteAllTextAsync(Policy.File("policy.yaml"), policy);
        await Eventually.ValueAsync(() => Task.FromResult(BackendMode), mode => mode == expected, Patience, $"the backend's mode never became {expected}");
    }

    public MutualTlsMode BackendMode => Backend.Services.GetRequiredService<MeshRuntime>().Snapshot.PeerAuthentication.ModeFor(Backend.Port);

    /// <summary>
    /// A plain HttpClient (no mesh); with <paramref name="certificate"/>, an HTTPS client presenting it and checking
    /// the server's chain against <paramref name="trust"/> (the server's certificate names no host).
    /// </summary>
    public static HttpClient RawClient(X509Certificate2? certificate = null, X509Certificate2Collection? trust = null)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero };
        if (certificate is not null)
        {
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = new X509CertificateCollection { certificate },
                LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate,
                CertificateChainPolicy = Roots(trust),
                RemoteCertificateValidationCallback = static (_, _, _, errors) => (errors & ~SslPolicyErrors.RemoteCertificateNameMismatch) == SslPolicyErrors.None,
            };
        }

        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(20) };
    }

    private static X509ChainPolicy Roots(X509Certificate2Collection? trust)
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.AddRange(trust ?? throw new ArgumentNullException(nameof(trust), "an HTTPS test client needs the roots to trust"));
        return policy;
    }

    public Uri Tls => new($"https://127.0.0.1:{Backend.Port}/");

    /// <summary>Waits until <paramref name="condition"/> holds (policy and identities reach both sides asynchronously).</summary>
    public Task WaitUntilAsync(Func<bool> condition, string failure) =>
        Eventually.TrueAsync(() => Task.FromResult(condition()), Patience, failure);

    public static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    public static string PeerAuthentication(string name, string @namespace, string mode, string? selector = null, string? portLevel = null) => $"""
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata:
          name: {name}
          namespace: {@namespace}
        spec:
        {(selector is null ? "" : "  selector: {matchLabels: {app: " + selector + "}}")}
          mtls: {"{"}mode: {mode}{"}"}
        {(portLevel is null ? "" : "  portLevelMtls: {" + portLevel + "}")}
        """;

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Backend.DisposeAsync();
        Ca.Dispose();
        Policy.Dispose();
    }
}

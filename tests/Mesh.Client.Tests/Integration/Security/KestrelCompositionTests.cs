using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Mesh.Client.Inbound;
using Mesh.Policy.Resources.Security;
using Mesh.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static Mesh.Client.Tests.Integration.Security.SecureMesh;

namespace Mesh.Client.Tests.Integration.Security;

/// <summary>
/// The mesh's inbound mTLS beside an application's own Kestrel setup, over real sockets: an application's endpoint
/// defaults, endpoints it declares in code, and endpoints it secures itself, registered before or after
/// <c>AddMesh</c>. Each test makes a real mTLS request with a mesh identity (or an HTTPS one without).
/// </summary>
public class KestrelCompositionTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ApplicationEndpointDefaults_AndMeshMtls_BothApply_WhicheverIsRegisteredFirst(bool applicationFirst)
    {
        var connections = 0;
        var decrypted = 0;
        await using var app = await MeshedApp.StartAsync(applicationFirst, builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.Use(next => connection =>
            {
                Interlocked.Increment(ref connections);
                if (connection.Features.Get<ITlsHandshakeFeature>() is not null)
                {
                    Interlocked.Increment(ref decrypted);
                }

                return next(connection);
            })));
        });

        using var response = await app.MtlsGetAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(CallerPrincipal, Header(response, "x-peer-principal"));
        Assert.True(Volatile.Read(ref connections) >= 1, "the application's own endpoint-defaults middleware never saw a connection");

        // The mesh's TLS runs first: the application's connection middleware sees the connection it serves.
        Assert.Equal(Volatile.Read(ref connections), Volatile.Read(ref decrypted));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task EndpointDeclaredInCode_ServesMeshMtls_WhicheverIsRegisteredFirst(bool applicationFirst)
    {
        await using var app = await MeshedApp.StartAsync(applicationFirst, builder =>
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0)));

        using var response = await app.MtlsGetAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(CallerPrincipal, Header(response, "x-peer-principal"));
    }

    [Fact]
    public async Task EndpointDefaultsReplacedAfterTheMesh_SaidInTheLog()
    {
        // A PostConfigure registered after AddMesh runs after the mesh's: the mesh cannot compose with it, but says so.
        using var logs = new CapturingLoggerProvider();
        await using var app = await MeshedApp.StartAsync(applicationFirst: false, logs: logs, configure: builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Services.PostConfigure<KestrelServerOptions>(kestrel => kestrel.ConfigureEndpointDefaults(_ => { }));
        });

        Assert.Contains(logs.Records, r => r.Level == LogLevel.Warning && r.Message.Contains("endpoint defaults were replaced", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MeshDefaultsInPlace_NoWarning()
    {
        using var logs = new CapturingLoggerProvider();
        await using var app = await MeshedApp.StartAsync(applicationFirst: true, logs: logs, configure: builder =>
            builder.WebHost.UseUrls("http://127.0.0.1:0"));

        using var response = await app.MtlsGetAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(logs.Records, r => r.Category == "Mesh.Inbound.Tls" && r.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task EndpointFromConfiguration_ServesMeshMtls()
    {
        await using var app = await MeshedApp.StartAsync(applicationFirst: true, configure: builder =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Kestrel:Endpoints:Main:Url"] = "http://127.0.0.1:0" }));

        using var response = await app.MtlsGetAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(CallerPrincipal, Header(response, "x-peer-principal"));
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(false, true)]
    public async Task EndpointTheApplicationSecuresItself_KeepsItsOwnCertificate_AndAsksNoneOfItsClients(bool applicationFirst, bool fromUrl)
    {
        // Under a mesh-wide STRICT too: a mesh middleware that took the endpoint would either answer the handshake
        // itself or, placed after the application's TLS, refuse the decrypted bytes as plaintext.
        using var ca = TestCertificateAuthority.Create("Application Root");
        using var own = ca.IssueServer("localhost");
        await using var app = await MeshedApp.StartAsync(applicationFirst, policy: PeerAuthentication("default", "istio-system", "STRICT"), configure: builder =>
        {
            if (fromUrl)
            {
                // An https URL: Kestrel hands the endpoint the defaults (the mesh's among them), then secures it.
                builder.WebHost.UseKestrelHttpsConfiguration().UseUrls("https://127.0.0.1:0");
                builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = own));
            }
            else
            {
                builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(own)));
            }
        });
        X509Certificate2? served = null;
        using var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                // Trusts the application's root only: the handshake succeeds only with the application's certificate.
                CertificateChainPolicy = ApplicationRoots(ca),
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                {
                    served = certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                    return (errors & ~SslPolicyErrors.RemoteCertificateNameMismatch) == SslPolicyErrors.None;
                },
            },
        };
        using var browser = new HttpClient(handler);
        Assert.Equal(MutualTlsMode.Strict, app.Mode);

        using var response = await browser.GetAsync(new Uri($"https://127.0.0.1:{app.Port}/"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(own.Thumbprint, served?.Thumbprint);
        Assert.Equal("", Header(response, "x-peer-principal"));
        served?.Dispose();
    }

    private static X509ChainPolicy ApplicationRoots(TestCertificateAuthority ca)
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.AddRange(ca.Bundle());
        return policy;
    }

    /// <summary>
    /// A meshed Kestrel app ("reviews", local policy, identity from a test CA) whose own Kestrel setup
    /// (<c>configure</c>) is registered before or after <c>AddMesh</c>, and a plain client holding a mesh identity.
    /// </summary>
    private sealed class MeshedApp : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly TestCertificateAuthority _ca;
        private readonly TempDirectory _policy;

        private MeshedApp(WebApplication app, TestCertificateAuthority ca, TempDirectory policy)
        {
            (_app, _ca, _policy) = (app, ca, policy);
            Port = new Uri(app.Urls.Single()).Port;
        }

        public int Port { get; }

        /// <summary>The PeerAuthentication mode of the app's port.</summary>
        public MutualTlsMode Mode => _app.Services.GetRequiredService<MeshRuntime>().Snapshot.PeerAuthentication.ModeFor(Port);

        public static async Task<MeshedApp> StartAsync(bool applicationFirst, Action<WebApplicationBuilder> configure, string policy = "# none\n", ILoggerProvider? logs = null)
        {
            var directory = new TempDirectory();
            await File.WriteAllTextAsync(directory.File("policy.yaml"), policy);
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            if (logs is not null)
            {
                builder.Logging.AddProvider(logs);
            }

            if (applicationFirst)
            {
                configure(builder);
            }

            builder.Services.AddMesh(o =>
            {
                o.ServiceName = "reviews";
                o.Register = false;
                o.PolicyFiles.Add(directory.Path);
            });
            if (!applicationFirst)
            {
                configure(builder);
            }

            var app = builder.Build();
            app.UseMesh();
            app.Run(context =>
            {
                context.Response.Headers["x-peer-principal"] = context.Features.Get<MeshRequestContext>()?.PeerPrincipal ?? "";
                return Task.CompletedTask;
            });
            await app.StartAsync();
            var ca = TestCertificateAuthority.Create();
            app.Services.GetRequiredService<MeshRuntime>().Identity.Publish(ca.Issue("default", "reviews"));
            return new MeshedApp(app, ca, directory);
        }

        /// <summary>A GET over mTLS with the identity of workload "caller", as another workload's pool makes it.</summary>
        public async Task<HttpResponseMessage> MtlsGetAsync()
        {
            var caller = _ca.Issue("default", "caller");
            using var client = RawClient(caller.Certificate, _ca.Bundle());
            return await client.GetAsync(new Uri($"https://127.0.0.1:{Port}/"));
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _ca.Dispose();
            _policy.Dispose();
        }
    }
}

using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace Mesh.Client.Tests.Integration.Security;

/// <summary>
/// A plain Kestrel HTTPS server outside the mesh (an "external" host), serving a given certificate and, when
/// <paramref name="clientRoots"/> is given, requiring a client certificate that chains to them. It answers with
/// the scheme, Host and client certificate subject it saw.
/// </summary>
internal sealed class HttpsServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private HttpsServer(WebApplication app) => _app = app;

    public int Port { get; private set; }

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<HttpsServer> StartAsync(X509Certificate2 certificate, X509Certificate2Collection? clientRoots = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(https =>
        {
            https.ServerCertificate = certificate;
            if (clientRoots is not null)
            {
                https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                https.ClientCertificateValidation = (client, _, _) =>
                {
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    chain.ChainPolicy.CustomTrustStore.AddRange(clientRoots);
                    return chain.Build(client);
                };
            }
        })));
        var app = builder.Build();
        var server = new HttpsServer(app);
        app.Run(context =>
        {
            Interlocked.Increment(ref server._requests);
            return context.Response.WriteAsync($"{context.Request.Scheme} {context.Request.Host} {context.Connection.ClientCertificate?.Subject}");
        });
        await app.StartAsync();
        server.Port = new Uri(app.Urls.First()).Port;
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

using Mesh.Client;
using Mesh.Client.Identity;
using Mesh.Client.Inbound;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mesh.Benchmarks;

/// <summary>
/// A meshed Kestrel app (AddMesh + UseMesh, so its endpoint has the mesh's inbound TLS middleware) with a
/// workload identity: it serves plaintext and mTLS on one port (PERMISSIVE). Every path answers the same two
/// bytes, except <c>/who</c>, which names the caller's principal, so that set-up can check mTLS really happens.
/// </summary>
internal sealed class MeshedBackend : IAsyncDisposable
{
    private static readonly byte[] Body = "ok"u8.ToArray();
    private readonly WebApplication _app;
    private readonly string _policyDirectory;

    private MeshedBackend(WebApplication app, string policyDirectory)
    {
        _app = app;
        _policyDirectory = policyDirectory;
        Port = new Uri(app.Urls.First()).Port;
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/");

    public static async Task<MeshedBackend> StartAsync(string service, WorkloadCertificate identity)
    {
        var policy = Directory.CreateTempSubdirectory("mesh-bench-backend-").FullName;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddMesh(o =>
        {
            o.ServiceName = service;
            o.Register = false;
            o.PolicyFiles.Add(policy);
        });
        var app = builder.Build();
        app.UseMesh();
        app.Run(static context =>
        {
            if (context.Request.Path == "/who")
            {
                return context.Response.WriteAsync(context.Features.Get<MeshRequestContext>()?.PeerPrincipal ?? "none");
            }

            context.Response.ContentLength = Body.Length;
            return context.Response.Body.WriteAsync(Body).AsTask();
        });
        await app.StartAsync();
        app.Services.GetRequiredService<MeshRuntime>().Identity.Publish(identity);
        return new MeshedBackend(app, policy);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_policyDirectory, recursive: true);
    }
}

using System.Net;
using Mesh.Client;
using Mesh.Client.Identity;
using Mesh.Client.Inbound;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mesh.Testing;

/// <summary>
/// A real Kestrel service on 127.0.0.1 (free port) that is a mesh member: it registers itself with the control
/// server (or not, in local-file mode) and answers every request with its service, version and path.
/// </summary>
public sealed class Backend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TempDirectory? _emptyPolicy;
    private int _disposed;

    private Backend(WebApplication app, string service, string version, BackendBehavior behavior, TempDirectory? emptyPolicy)
    {
        _app = app;
        _emptyPolicy = emptyPolicy;
        Service = service;
        Version = version;
        Behavior = behavior;
        Port = new Uri(app.Urls.First()).Port;
    }

    public string Service { get; }

    public string Version { get; }

    public int Port { get; }

    public BackendBehavior Behavior { get; }

    /// <summary>The backend's services (its mesh runtime among them).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Gives the backend a workload identity (or takes it away), as the certificate agent would.</summary>
    internal void PublishIdentity(WorkloadCertificate? certificate) =>
        Services.GetRequiredService<MeshRuntime>().Identity.Publish(certificate);

    /// <summary>Starts a backend; with <paramref name="server"/> it registers there, otherwise it is reached through policy files.</summary>
    public static async Task<Backend> StartAsync(string service, string version, RunningServer? server = null, Action<MeshOptions>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var behavior = new BackendBehavior();

        // Without a control server a member still needs a policy source; a backend that only answers has none to read.
        var emptyPolicy = server is null ? new TempDirectory() : null;
        builder.Services.AddMesh(o =>
        {
            o.ServiceName = service;
            o.Version = version;
            if (server is not null)
            {
                o.ControlPlane.Add(server.Address.ToString());
                o.JoinToken = server.Server.JoinToken;
            }
            else
            {
                o.Register = false;
                o.PolicyFiles.Add(emptyPolicy!.Path);
            }

            configure?.Invoke(o);
        });

        var app = builder.Build();
        app.UseMesh();
        app.Run(async context =>
        {
            behavior.Count();
            behavior.Hosts.Enqueue(context.Request.Host.Value ?? "");
            if (behavior.Delay > TimeSpan.Zero)
            {
                await Task.Delay(behavior.Delay, context.RequestAborted);
            }

            if (behavior.Hold is { } hold)
            {
                await hold.WaitAsync(context.RequestAborted);
            }

            if (behavior.FailureRate > 0 && Random.Shared.NextDouble() < behavior.FailureRate)
            {
                context.Response.StatusCode = behavior.FailureStatus;
                return;
            }

            context.Response.Headers["x-backend"] = service + "-" + version;
            if (context.Features.Get<MeshRequestContext>()?.PeerPrincipal is { } principal)
            {
                context.Response.Headers["x-peer-principal"] = principal;
            }

            if (context.Features.Get<MeshRequestContext>()?.PeerMetadata is { } peer)
            {
                context.Response.Headers["x-peer-metadata"] = peer;
            }

            behavior.PeerHeaders.Enqueue(context.Request.Headers["x-mesh-peer"].ToString());

            if (context.Connection.ClientCertificate is { } certificate)
            {
                context.Response.Headers["x-client-cert-serial"] = certificate.SerialNumber;
            }

            context.Response.Headers["x-seen-host"] = context.Request.Host.Value;
            context.Response.Headers["x-seen-scheme"] = context.Request.Scheme;
            await context.Response.WriteAsync($"{service} {version} {context.Request.Path}{context.Request.QueryString}");
        });
        await app.StartAsync();
        return new Backend(app, service, version, behavior, emptyPolicy);
    }

    /// <summary>Stops gracefully (deregisters).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
        _emptyPolicy?.Dispose();
    }

    /// <summary>Stops abruptly from the mesh's point of view: the port closes and nothing deregisters.</summary>
    public Task StopAsync() => _app.StopAsync();

    /// <summary>The WorkloadEntry YAML for this backend, for local-file mode.</summary>
    public string WorkloadEntryYaml() => $"""
        apiVersion: networking.istio.io/v1
        kind: WorkloadEntry
        metadata:
          name: {Service}-{Version}-{Port}
        spec:
          address: 127.0.0.1
          ports:
            http: {Port}
          labels:
            app: {Service}
            version: {Version}
        """;

    /// <summary>
    /// The WorkloadEntry YAML of this backend as a mesh workload: with its service account and, when
    /// <paramref name="mtlsCapable"/>, Istio's <c>security.istio.io/tlsMode: istio</c> label (auto-mTLS).
    /// </summary>
    public string WorkloadEntryYaml(string serviceAccount, bool mtlsCapable, string @namespace = "default") => $"""
        apiVersion: networking.istio.io/v1
        kind: WorkloadEntry
        metadata:
          name: {Service}-{Version}-{Port}
          namespace: {@namespace}
        spec:
          address: 127.0.0.1
          serviceAccount: {serviceAccount}
          ports:
            http: {Port}
          labels:
            app: {Service}
            version: {Version}
        {(mtlsCapable ? "    security.istio.io/tlsMode: istio" : "")}
        """;

    /// <summary>Is it answering?</summary>
    public async Task<bool> IsUpAsync()
    {
        using var http = new HttpClient();
        try
        {
            return (await http.GetAsync(new Uri($"http://127.0.0.1:{Port}/"))).StatusCode != HttpStatusCode.NotFound;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}

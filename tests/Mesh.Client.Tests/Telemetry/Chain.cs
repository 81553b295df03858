using System.Globalization;
using Mesh.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mesh.Client.Tests.Telemetry;

/// <summary>
/// Two meshed apps over real sockets: <c>front</c> (its handler calls <c>back</c> through its meshed client at
/// <c>/back</c>, forwarding <c>x-request-id</c>, and answers with back's status) and <c>back</c> (answers with a given
/// status). Policy from local files: their WorkloadEntries, and retries on 5xx for back when asked.
/// </summary>
internal sealed class Chain : IAsyncDisposable
{
    private Chain(TempDirectory policy, Member front, Member back)
    {
        Policy = policy;
        Front = front;
        Back = back;
    }

    public TempDirectory Policy { get; }

    public Member Front { get; }

    public Member Back { get; }

    public string FrontHost => Front.App.Service + ":" + Front.App.Port.ToString(CultureInfo.InvariantCulture);

    public static async Task<Chain> StartAsync(string id, Action<MeshOptions>? configureFront = null, int backStatus = 200, int backRetries = 0, ILoggerProvider? frontLogs = null, ILoggerProvider? backLogs = null, Action<MeshOptions>? configureBack = null)
    {
        var policy = new TempDirectory();
        var backName = "back-" + id;
        var back = await TelemetryApp.StartAsync(backName, "v1", policy.Path, async (context, _) =>
        {
            context.Response.StatusCode = context.Request.Query.ContainsKey("ok") ? 200 : backStatus;
            context.Response.ContentLength = 4;
            await context.Response.WriteAsync("back");
        }, configureBack, backLogs);
        var front = await TelemetryApp.StartAsync("front-" + id, "v1", policy.Path, async (context, self) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://{backName}:{back.Port}/back{context.Request.QueryString}"));
            if (context.Request.Headers.TryGetValue("x-request-id", out var requestId))
            {
                request.Headers.TryAddWithoutValidation("x-request-id", requestId.ToString());
            }

            using var response = await self.Http.SendAsync(request, context.RequestAborted);
            context.Response.StatusCode = (int)response.StatusCode;
            await context.Response.WriteAsync(await response.Content.ReadAsStringAsync(context.RequestAborted), context.RequestAborted);
        }, configureFront, frontLogs);

        var yaml = front.WorkloadEntry() + back.WorkloadEntry();
        if (backRetries > 0)
        {
            yaml += $"""
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata:
                  name: {backName}
                spec:
                  hosts: [{backName}]
                  http:
                  - route:
                    - destination:
                        host: {backName}
                    retries:
                      attempts: {backRetries}
                      retryOn: 5xx
                """;
        }

        await TelemetryApp.WritePolicyAsync(policy, "chain.yaml", yaml);
        var chain = new Chain(policy, new Member(front), new Member(back));
        await front.WaitForAsync(backName);
        return chain;
    }

    /// <summary>GET front's <c>/start</c> directly (plain HttpClient, so only the given headers go).</summary>
    public async Task<HttpResponseMessage> CallFrontAsync(params (string Name, string Value)[] headers) => await CallFrontAsync("/start", headers);

    public async Task<HttpResponseMessage> CallFrontAsync(string path, params (string Name, string Value)[] headers)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{Front.App.Port}{path}"));
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    public async ValueTask DisposeAsync()
    {
        await Front.App.DisposeAsync();
        await Back.App.DisposeAsync();
        Policy.Dispose();
    }

    internal sealed record Member(TelemetryApp App)
    {
        public string FullHost => App.Service + ".default.svc.cluster.local";
    }
}

internal static class MeshRuntimeWaits
{
    /// <summary>Waits until the runtime resolves <paramref name="host"/> (host or host:port).</summary>
    public static async Task WaitUntilResolvedAsync(this MeshRuntime runtime, string host)
    {
        var name = host.Split(':')[0];
        await Eventually.TrueAsync(() => Task.FromResult(runtime.Snapshot.TryResolve(name, out _)), TimeSpan.FromSeconds(20), $"never resolved {host}");
    }
}

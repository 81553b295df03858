using System.Diagnostics;
using System.Net;
using Mesh.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mesh.Client.Tests.Integration;

/// <summary>
/// A first attempt that completes over a real socket continues in the handler's pooled send state rather than in an
/// async method, and completes the caller's task before the mesh's own bookkeeping. What the caller can see when its
/// continuation runs, synchronously inside that completion, must already be done.
/// </summary>
public sealed class SendContinuationTests
{
    [Fact]
    public async Task CallerCancelsWhileTheSendIsInFlight_TheCallIsCanceled_AndTheDestinationsOnlySlotIsFreeAgain()
    {
        await using var reviews = await Reviews.StartAsync();
        await using var client = await MeshedClient.StartAsync(reviews.Server);
        var applied = await reviews.Server.Admin.ApplyAsync(OneRequestAtATime + "\n---\n" + Reviews.Route(("v1", 100)));
        await client.WaitForRevisionAsync(applied.Revision);
        reviews.V1.Behavior.Delay = TimeSpan.FromSeconds(10);

        using var cancel = new CancellationTokenSource();
        var call = client.Http.GetAsync(new Uri("http://reviews:9080/slow"), cancel.Token);
        await Eventually.TrueAsync(() => Task.FromResult(reviews.V1.Behavior.Requests == 1), TimeSpan.FromSeconds(20), "the slow request did not reach v1"); // the send is on the network
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.True(call.IsCanceled);

        // http2MaxRequests: 1 — had the canceled attempt kept its admission, this would be refused with UO.
        reviews.V1.Behavior.Delay = TimeSpan.Zero;
        using var next = await client.Http.GetAsync(new Uri("http://reviews:9080/next"));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal("reviews v1 /next", await next.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WhenTheCallerContinues_ItsRequestHasItsOwnUriBack_AndTheDestinationsSlotIsFree()
    {
        await using var reviews = await Reviews.StartAsync();
        await using var client = await MeshedClient.StartAsync(reviews.Server);
        var applied = await reviews.Server.Admin.ApplyAsync(OneRequestAtATime + """

            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: reviews
            spec:
              hosts:
              - reviews
              http:
              - match:
                - uri:
                    prefix: /old/
                rewrite:
                  uri: /new/
                route:
                - destination:
                    host: reviews
                    subset: v1
            """);
        await client.WaitForRevisionAsync(applied.Revision);
        var original = new Uri("http://reviews:9080/old/page");

        // Read synchronously in the continuation, inside the completion of the caller's task: later, after the
        // mesh's deferred bookkeeping, the URI would be back and the slot free even if they were restored too late.
        var seen = await client.Http.GetAsync(original).ContinueWith(
            async t =>
            {
                using var response = t.Result;
                var uri = response.RequestMessage!.RequestUri;
                var again = client.Http.GetAsync(original); // http2MaxRequests: 1, so the first must have released it
                using var second = await again;
                return (uri, await response.Content.ReadAsStringAsync(), second.StatusCode);
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default).Unwrap();

        Assert.Equal(original, seen.uri);
        Assert.Equal("reviews v1 /new/page", seen.Item2);
        Assert.Equal(HttpStatusCode.OK, seen.StatusCode);
    }

    [Fact]
    public async Task TheAccessLog_CarriesTheCallersTrace_OverHttp2()
    {
        // An HTTP/2 backend (prior knowledge, no TLS): over HTTP/2 the response arrives on the connection's reading
        // loop, which the connection's requests share, rather than on this request's own read.
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        await using var backend = builder.Build();
        backend.MapGet("/{**path}", () => "ok");
        await backend.StartAsync();
        var port = new Uri(backend.Urls.First()).Port;

        using var policy = new TempDirectory();
        await File.WriteAllTextAsync(policy.File("h2.yaml"), $"""
            apiVersion: networking.istio.io/v1
            kind: WorkloadEntry
            metadata:
              name: h2
            spec:
              address: 127.0.0.1
              ports:
                http: {port}
              labels:
                app: h2
            """);
        var logs = new CapturingLoggerProvider();
        await using var client = await MeshedClient.StartAsync(
            o => { o.PolicyFiles.Add(policy.Path); o.AccessLog.Enabled = true; },
            s => s.AddSingleton<ILoggerProvider>(logs));

        // Activities that no listener samples (the Mesh source then makes no span of its own): the trace id of the
        // outbound record is the caller's activity's. Over HTTP/2 the response is handled on the connection's reading
        // loop, which the first request started (in its own trace): the second request must still be logged with its
        // own trace, not the loop's.
        await SendTracedAsync(client.Http, "/first");
        var caller = await SendTracedAsync(client.Http, "/second");

        var record = Assert.Single(logs.Records, r => r.Category == "Mesh.AccessLog" && (string?)r.Fields["Path"] == "/second");
        Assert.Equal(caller.ToHexString(), record.Fields["TraceId"]);
    }

    private static async Task<ActivityTraceId> SendTracedAsync(HttpClient http, string path)
    {
        using var caller = new Activity("caller").SetIdFormat(ActivityIdFormat.W3C).Start();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("http://h2" + path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
        return caller.TraceId;
    }

    private const string OneRequestAtATime = """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: reviews
        spec:
          host: reviews
          trafficPolicy:
            connectionPool:
              http:
                http2MaxRequests: 1
          subsets:
          - name: v1
            labels:
              version: v1
        """;
}

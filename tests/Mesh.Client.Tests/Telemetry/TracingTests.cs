using System.Diagnostics;
using Mesh.Client.Telemetry;
using Mesh.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Client.Tests.Telemetry;

/// <summary>
/// Spans and trace-context propagation over real sockets: a caller, then <c>front</c>, which calls <c>back</c> through
/// its meshed client for every request. Each test uses its own service names, so parallel tests do not share spans.
/// </summary>
public sealed class TracingTests
{
    [Fact]
    public async Task Chain_CallerFrontBack_OneTraceWithClientServerParentage()
    {
        await using var mesh = await Chain.StartAsync("t1");
        using var spans = new SpanCollector();
        await using var caller = await MeshedClient.StartAsync(o => o.PolicyFiles.Add(mesh.Policy.Path));
        await caller.Services.GetRequiredService<MeshRuntime>().WaitUntilResolvedAsync(mesh.FrontHost);

        ActivityTraceId trace;
        using (var root = SpanCollector.TestSource.StartActivity("test"))
        {
            trace = root!.TraceId;
            using var response = await caller.Http.GetAsync(new Uri($"http://{mesh.FrontHost}/start"));
            Assert.Equal(200, (int)response.StatusCode);
        }

        var all = await spans.OfAsync(trace, 4);
        var callerClient = Assert.Single(all, s => s.Kind == ActivityKind.Client && (string?)s.GetTagItem("mesh.destination.service") == mesh.Front.FullHost);
        var frontServer = Assert.Single(all, s => s.Kind == ActivityKind.Server && s.ParentSpanId == callerClient.SpanId);
        var frontClient = Assert.Single(all, s => s.Kind == ActivityKind.Client && s.ParentSpanId == frontServer.SpanId);
        var backServer = Assert.Single(all, s => s.Kind == ActivityKind.Server && s.ParentSpanId == frontClient.SpanId);
        Assert.Equal(4, all.Count);
        Assert.All(all, s => Assert.True(s.Recorded));

        Assert.Equal(mesh.Back.FullHost, frontClient.GetTagItem("mesh.destination.service"));
        Assert.Equal("GET", frontClient.GetTagItem("http.request.method"));
        Assert.Equal(200, frontClient.GetTagItem("http.response.status_code"));
        Assert.Equal(0, frontClient.GetTagItem("mesh.retry_count"));
        Assert.Equal("-", frontClient.GetTagItem("mesh.response_flags"));
        Assert.Equal("127.0.0.1", frontClient.GetTagItem("network.peer.address"));
        Assert.Equal(mesh.Back.App.Port, frontClient.GetTagItem("network.peer.port"));
        Assert.Equal("/back", backServer.GetTagItem("url.path"));
        Assert.Equal(200, backServer.GetTagItem("http.response.status_code"));
    }

    [Fact]
    public async Task InboundW3C_ContinuesTheTrace_AndWritesW3CAndB3MultiDownstream()
    {
        await using var mesh = await Chain.StartAsync("t2");
        using var spans = new SpanCollector();
        var trace = ActivityTraceId.CreateRandom();
        var parent = ActivitySpanId.CreateRandom();

        await mesh.CallFrontAsync(("traceparent", $"00-{trace}-{parent}-01"), ("tracestate", "vendor=1"));

        var frontServer = Assert.Single(spans.Of(trace), s => s.Kind == ActivityKind.Server && s.ParentSpanId == parent);
        var frontClient = Assert.Single(spans.Of(trace), s => s.Kind == ActivityKind.Client && s.ParentSpanId == frontServer.SpanId);
        Assert.Equal("vendor=1", frontServer.TraceStateString);
        var received = Assert.Single(mesh.Back.App.Received);
        Assert.Equal($"00-{trace}-{frontClient.SpanId}-01", received["traceparent"].ToString());
        Assert.Equal("vendor=1", received["tracestate"].ToString());
        Assert.Equal(trace.ToHexString(), received["X-B3-TraceId"].ToString());
        Assert.Equal(frontClient.SpanId.ToHexString(), received["X-B3-SpanId"].ToString());
        Assert.Equal(frontServer.SpanId.ToHexString(), received["X-B3-ParentSpanId"].ToString());
        Assert.Equal("1", received["X-B3-Sampled"].ToString());
        Assert.False(received.ContainsKey("b3"), "b3 single is not in the default formats");
    }

    [Fact]
    public async Task InboundB3Multi_With64BitTraceId_ContinuesTheTracePadded()
    {
        await using var mesh = await Chain.StartAsync("t3");
        using var spans = new SpanCollector();

        await mesh.CallFrontAsync(("X-B3-TraceId", "463ac35c9f6413ad"), ("X-B3-SpanId", "a2fb4a1d1a96d312"), ("X-B3-Sampled", "1"));

        var trace = ActivityTraceId.CreateFromString("0000000000000000463ac35c9f6413ad");
        var frontServer = Assert.Single(spans.Of(trace), s => s.Kind == ActivityKind.Server && s.ParentSpanId.ToHexString() == "a2fb4a1d1a96d312");
        Assert.True(frontServer.Recorded);
        var received = Assert.Single(mesh.Back.App.Received);
        Assert.Equal(trace.ToHexString(), received["X-B3-TraceId"].ToString());
        Assert.StartsWith($"00-{trace}-", received["traceparent"].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InboundB3Single_ContinuesTheTrace_AndAllFormatsGoOutWhenConfigured()
    {
        await using var mesh = await Chain.StartAsync("t4", o => o.TracePropagation = TracePropagation.W3C | TracePropagation.B3Multi | TracePropagation.B3Single);
        using var spans = new SpanCollector();
        var trace = ActivityTraceId.CreateRandom();

        await mesh.CallFrontAsync(("b3", $"{trace}-e457b5a2e4d86bd1-1-05e3ac9a4f6e3b90"));

        var frontServer = Assert.Single(spans.Of(trace), s => s.Kind == ActivityKind.Server && s.ParentSpanId.ToHexString() == "e457b5a2e4d86bd1");
        var frontClient = Assert.Single(spans.Of(trace), s => s.Kind == ActivityKind.Client);
        var received = Assert.Single(mesh.Back.App.Received);
        Assert.Equal($"{trace}-{frontClient.SpanId}-1-{frontServer.SpanId}", received["b3"].ToString());
        Assert.Equal(trace.ToHexString(), received["X-B3-TraceId"].ToString());
        Assert.Equal($"00-{trace}-{frontClient.SpanId}-01", received["traceparent"].ToString());
    }

    [Fact]
    public async Task NotSampled_NoRecordedSpans_ButTheContextStillPropagatesUnsampled()
    {
        await using var mesh = await Chain.StartAsync("t5");
        using var spans = new SpanCollector();
        var trace = ActivityTraceId.CreateRandom();

        await mesh.CallFrontAsync(("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-00"));

        // The listener samples everything; Mesh follows the caller's "not sampled" on both services.
        var meshSpans = spans.Of(trace);
        Assert.NotEmpty(meshSpans);
        Assert.All(meshSpans, s => Assert.False(s.Recorded, $"{s.Kind} span was recorded"));
        var received = Assert.Single(mesh.Back.App.Received);
        Assert.Matches($"^00-{trace}-[0-9a-f]{{16}}-00$", received["traceparent"].ToString());
        Assert.Equal("0", received["X-B3-Sampled"].ToString());
        Assert.Equal(trace.ToHexString(), received["X-B3-TraceId"].ToString());
    }

    [Fact]
    public async Task Retries_ShowAsAttemptEventsAndRetryCount_OnTheClientSpan()
    {
        await using var mesh = await Chain.StartAsync("t6", backStatus: 503, backRetries: 2);
        using var spans = new SpanCollector();
        var trace = ActivityTraceId.CreateRandom();

        await mesh.CallFrontAsync(("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01"));

        var frontClient = Assert.Single(spans.Of(trace), s => s.Kind == ActivityKind.Client);
        Assert.Equal(2, frontClient.GetTagItem("mesh.retry_count"));
        Assert.Equal(503, frontClient.GetTagItem("http.response.status_code"));
        Assert.Equal("URX", frontClient.GetTagItem("mesh.response_flags"));
        Assert.Equal("503", frontClient.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Error, frontClient.Status);
        var attempts = frontClient.Events.Where(e => e.Name == "mesh.attempt").ToList();
        Assert.Equal(3, attempts.Count);
        Assert.Equal([1, 2, 3], attempts.Select(e => (int)e.Tags.First(t => t.Key == "mesh.attempt").Value!));
        // Every attempt reached back as a child of the same client span (back's spans may stop after front answered).
        Assert.Equal(3, (await spans.OfAsync(trace, 4)).Count(s => s.Kind == ActivityKind.Server && s.ParentSpanId == frontClient.SpanId));
    }

    [Fact]
    public async Task CallerCancelsDuringAnInjectedDelay_TheClientSpanEndsOnce_AsAnError()
    {
        await using var mesh = await Chain.StartAsync("t7");
        await TelemetryApp.WritePolicyAsync(mesh.Policy, "delay.yaml", $"""
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: {mesh.Front.App.Service}
            spec:
              hosts: [{mesh.Front.App.Service}]
              http:
              - fault:
                  delay:
                    fixedDelay: 30s
                    percentage:
                      value: 100
                route:
                - destination:
                    host: {mesh.Front.App.Service}
            """);
        using var spans = new SpanCollector();
        await using var caller = await MeshedClient.StartAsync(o => o.PolicyFiles.Add(mesh.Policy.Path));
        await caller.Services.GetRequiredService<MeshRuntime>().WaitUntilResolvedAsync(mesh.FrontHost);

        ActivityTraceId trace;
        using (var root = SpanCollector.TestSource.StartActivity("test"))
        {
            trace = root!.TraceId;
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => caller.Http.GetAsync(new Uri($"http://{mesh.FrontHost}/start"), cancel.Token));
        }

        // One span, ended by the cancellation (not left open, not ended twice), and the request never left.
        var client = Assert.Single(spans.Of(trace), s => s.Kind == ActivityKind.Client);
        Assert.Equal(ActivityStatusCode.Error, client.Status);
        Assert.Equal(typeof(TaskCanceledException).FullName, client.GetTagItem("error.type"));
        Assert.DoesNotContain(client.Events, e => e.Name == "mesh.attempt");
        Assert.Empty(mesh.Front.App.Received);
    }
}

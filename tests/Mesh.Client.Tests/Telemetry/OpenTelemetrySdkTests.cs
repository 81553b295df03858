using System.Collections.Concurrent;
using System.Diagnostics;
using Mesh.Testing;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Mesh.Client.Tests.Telemetry;

/// <summary>
/// Mesh's spans through the real OpenTelemetry SDK (its TracerProvider, sampler and processor pipeline), set up as docs/observability.md recommends: <c>AddSource("Mesh")</c>
/// and the SDK's default sampler, ParentBased(AlwaysOn), with nothing listening to ASP.NET Core's own source. The
/// apps log, so ASP.NET Core starts its bare, unsampled activity for every request, as it does in a real service.
/// </summary>
public class OpenTelemetrySdkTests
{
    [Fact]
    public async Task DefaultSampler_RequestWithoutTraceContext_ExportsTheServerSpanAndTheCallsUnderIt()
    {
        var exported = new ConcurrentQueue<Activity>();
        using var tracing = RecommendedSetup(exported);
        using var frontLogs = new CapturingLoggerProvider();
        using var backLogs = new CapturingLoggerProvider();
        await using var chain = await Chain.StartAsync("otel-" + Guid.NewGuid().ToString("N")[..8], frontLogs: frontLogs, backLogs: backLogs);

        using var response = await chain.CallFrontAsync();
        tracing.ForceFlush();

        Assert.Equal(200, (int)response.StatusCode);

        // back's server span stops once its pipeline unwinds, which may be after front has answered.
        var mine = await Eventually.ValueAsync(() => Task.FromResult(Spans(exported, chain)), spans => spans.Count >= 3, TimeSpan.FromSeconds(20), "fewer than 3 Mesh spans were exported");
        var frontServer = Assert.Single(mine, s => s.Kind == ActivityKind.Server && Service(s) == chain.Front.FullHost);
        var client = Assert.Single(mine, s => s.Kind == ActivityKind.Client && Service(s) == chain.Back.FullHost);
        var backServer = Assert.Single(mine, s => s.Kind == ActivityKind.Server && Service(s) == chain.Back.FullHost);
        Assert.Equal(frontServer.TraceId, client.TraceId);
        Assert.Equal(frontServer.SpanId, client.ParentSpanId);
        Assert.Equal(client.TraceId, backServer.TraceId);
        Assert.Equal(client.SpanId, backServer.ParentSpanId);
    }

    [Fact]
    public async Task DefaultSampler_CallerThatDidNotSample_StillDecides()
    {
        var exported = new ConcurrentQueue<Activity>();
        using var tracing = RecommendedSetup(exported);
        using var frontLogs = new CapturingLoggerProvider();
        await using var chain = await Chain.StartAsync("otel-" + Guid.NewGuid().ToString("N")[..8], frontLogs: frontLogs);

        using var response = await chain.CallFrontAsync(("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00"));
        tracing.ForceFlush();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Empty(Spans(exported, chain));
    }

    /// <summary>What docs/observability.md recommends: the Mesh source and the SDK's default sampler, nothing more.</summary>
    private static TracerProvider RecommendedSetup(ConcurrentQueue<Activity> exported) =>
        Sdk.CreateTracerProviderBuilder()
            .AddSource("Mesh")
            .AddProcessor(new Collector(exported))
            .Build()!;

    // The SDK's listener is process-wide: keep the spans of this test's two services only.
    private static List<Activity> Spans(ConcurrentQueue<Activity> exported, Chain chain) =>
        [.. exported.Where(s => Service(s) is { } host && (host == chain.Front.FullHost || host == chain.Back.FullHost))];

    private static string? Service(Activity span) => span.GetTagItem("mesh.destination.service") as string;

    /// <summary>Receives every span the SDK records as it ends (other tests' spans too, from any thread).</summary>
    private sealed class Collector(ConcurrentQueue<Activity> spans) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data) => spans.Enqueue(data);
    }
}

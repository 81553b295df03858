using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using Mesh.Client;
using Mesh.Client.Http;

namespace Mesh.Benchmarks.Experiments;

/// <summary>
/// Experiment, not a benchmark: which types a request allocates, to attribute the bytes that
/// <c>[MemoryDiagnoser]</c> only counts. The runtime reports an allocation tick about every 100 KB with the type
/// that crossed the threshold, so over many requests the ticks share out the bytes by type in proportion to what
/// each type allocates. Exact totals come from <see cref="GC.GetTotalAllocatedBytes(bool)"/>.
/// Run: <c>dotnet run -c Release --project benchmarks/Mesh.Benchmarks -- --alloc-profile</c>.
/// </summary>
// Kept: --alloc-profile gives the bytes-per-request figures of docs/performance.md's targets (BenchmarkDotNet's
// blocking calls miss the runtime's pooled async boxes and overstate them).
internal static class AllocationProfile
{
    private const int Warmup = 20_000;
    private const int Measured = 200_000;

    public static async Task RunAsync()
    {
        var runtime = BenchmarkPolicy.CompiledRuntime(9081, 9082);
        InMemoryTerminal.Install(runtime, new InMemoryTerminal(yield: true));
        using var direct = new HttpMessageInvoker(new InMemoryTerminal(yield: true));
        using var meshed = new HttpMessageInvoker(new MeshHandler(runtime) { InnerHandler = new InMemoryTerminal(yield: true) });
        using var cancellation = new CancellationTokenSource();
        var directUri = new Uri("http://127.0.0.1:9081/");
        var meshUri = new Uri(BenchmarkPolicy.MeshUrl);

        var baseline = await ProfileAsync("in-memory, direct to terminal (yield)", () => direct.SendAsync(NewRequest(directUri), cancellation.Token));
        var mesh = await ProfileAsync("in-memory, through MeshHandler (yield)", () => meshed.SendAsync(NewRequest(meshUri), cancellation.Token));
        Console.WriteLine($"mesh - direct: {mesh - baseline:F1} B/request");

        // As BenchmarkDotNet calls: each request started on the same thread, which blocks until it completes on
        // a pool thread (pooled async state machines then return to another thread's cache than they come from).
        var blockingBaseline = OnDedicatedThread(() => ProfileLoopAsync("in-memory, direct, blocking caller", () => { direct.SendAsync(NewRequest(directUri), cancellation.Token).GetAwaiter().GetResult().Dispose(); return Task.CompletedTask; }).GetAwaiter().GetResult());
        var blockingMesh = OnDedicatedThread(() => ProfileLoopAsync("in-memory, MeshHandler, blocking caller", () => { meshed.SendAsync(NewRequest(meshUri), cancellation.Token).GetAwaiter().GetResult().Dispose(); return Task.CompletedTask; }).GetAwaiter().GetResult());
        Console.WriteLine($"mesh - direct (blocking caller): {blockingMesh - blockingBaseline:F1} B/request");
        runtime.Dispose();

        // Over sockets: the rows of the overhead benchmark.
        var sockets = new OutboundOverheadBenchmarks();
        sockets.Setup();
        try
        {
            var raw = await ProfileAsync("sockets, raw HttpClient", sockets.RawHttpClient);
            foreach (var (row, send) in new (string, Func<Task<byte[]>>)[]
            {
                ("sockets, factory client without mesh", sockets.FactoryClientWithoutMesh),
                ("sockets, meshed, ten routes", sockets.MeshedClientTenRoutes),
                ("sockets, meshed, ten routes, no factory logging", sockets.MeshedClientTenRoutesNoFactoryLogging),
                ("sockets, meshed, pool limits and outlier detection, no factory logging", sockets.MeshedPoolLimitsAndOutlierDetectionNoFactoryLogging),
            })
            {
                var bytes = await ProfileAsync(row, send);
                Console.WriteLine($"{row} - raw: {bytes - raw:F1} B/request");
            }
        }
        finally
        {
            sockets.Cleanup();
        }
    }

    /// <summary>The telemetry benchmark's rows over sockets with <paramref name="listening"/> attached.</summary>
    public static async Task RunTelemetryAsync(TelemetryOverheadBenchmarks.Listening listening)
    {
        var telemetry = new TelemetryOverheadBenchmarks { Telemetry = listening };
        telemetry.Setup();
        try
        {
            var raw = await ProfileAsync($"sockets, raw HttpClient (telemetry {listening})", telemetry.RawHttpClient);
            var row = $"sockets, meshed, ten routes, no factory logging (telemetry {listening})";
            var bytes = await ProfileAsync(row, telemetry.MeshedClientTenRoutesNoFactoryLogging);
            Console.WriteLine($"{row} - raw: {bytes - raw:F1} B/request");
        }
        finally
        {
            telemetry.Cleanup();
        }
    }

    /// <summary>Runs <paramref name="work"/> on a thread of its own, as BenchmarkDotNet's main thread runs a benchmark.</summary>
    private static double OnDedicatedThread(Func<double> work)
    {
        var result = 0.0;
        var thread = new Thread(() => result = work());
        thread.Start();
        thread.Join();
        return result;
    }

    private static HttpRequestMessage NewRequest(Uri uri)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.TryAddWithoutValidation(BenchmarkPolicy.UserHeader, BenchmarkPolicy.UserValue);
        return request;
    }

    private static Task<double> ProfileAsync(string name, Func<Task<HttpResponseMessage>> send) =>
        ProfileLoopAsync(name, async () => (await send()).Dispose());

    private static Task<double> ProfileAsync(string name, Func<Task<byte[]>> send) =>
        ProfileLoopAsync(name, async () => _ = await send());

    private static async Task<double> ProfileLoopAsync(string name, Func<Task> send)
    {
        for (var i = 0; i < Warmup; i++)
        {
            await send();
        }

        using var listener = new AllocationListener();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < Measured; i++)
        {
            await send();
        }

        var perRequest = (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)Measured;
        listener.Stop();
        Console.WriteLine($"== {name}: {perRequest:F1} B/request");
        foreach (var (type, bytes) in listener.ByType.OrderByDescending(static p => p.Value))
        {
            Console.WriteLine($"  {bytes / (double)Measured,8:F1}  {type}");
        }

        return perRequest;
    }

    private sealed class AllocationListener : EventListener
    {
        private volatile bool _stopped;

        public ConcurrentDictionary<string, long> ByType { get; } = new();

        public void Stop() => _stopped = true;

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1); // GC keyword: AllocationTick
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (_stopped || e.EventName is null || !e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.Payload is null)
            {
                return;
            }

            var type = e.PayloadNames!.IndexOf("TypeName") is var t and >= 0 ? e.Payload[t] as string ?? "?" : "?";
            var amount = e.PayloadNames!.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(e.Payload[a], System.Globalization.CultureInfo.InvariantCulture) : 0;
            ByType.AddOrUpdate(type, amount, (_, old) => old + amount);
        }
    }
}

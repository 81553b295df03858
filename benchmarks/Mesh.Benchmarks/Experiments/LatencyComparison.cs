using System.Diagnostics;
using System.Globalization;
using System.Runtime;

namespace Mesh.Benchmarks.Experiments;

/// <summary>
/// Experiment, not a benchmark: the outbound overhead benchmark's rows over sockets, timed request by request with
/// the rows interleaved (every row once per cycle, in a new random order each cycle), so that the machine's drift and load fall on
/// every row alike. On this shared 2-core VM one loopback round trip varies by ±10 μs, which hides a difference of
/// 2 μs between two BenchmarkDotNet rows measured minutes apart; interleaving and many samples narrow the
/// difference's confidence interval to a fraction of a microsecond. Each round's mean difference to the raw row
/// is one sample of the difference; the interval is over rounds (Student's t, 95 %).
/// With a block size above 1, each row sends that many requests in a row before the next row's turn (the order of
/// rows still shuffled every cycle): request by request, every row finds its data evicted by the others (nine
/// clients, backends and connections between two of its requests), which the raw client's smaller footprint
/// suffers less; in blocks, a row runs warm, as BenchmarkDotNet runs each benchmark, while drift still falls on all.
/// Run: <c>dotnet run -c Release --project benchmarks/Mesh.Benchmarks -- --latency [--block N]</c>; with the
/// environment variable <c>LATENCY_ROUNDS=1</c> each row's difference to its baseline is also printed round by round
/// (a warm-up that ended too early shows as outlying first rounds).
/// </summary>
// Kept: --latency gives the time figures of docs/performance.md's targets; BenchmarkDotNet's error over sockets
// (8-15 us per row here) is wider than the 2 us target.
internal static class LatencyComparison
{
    private const int Warmup = 20_000;
    private const int SettledCycles = 5_000;
    private const int MaxWarmup = 200_000;
    private const int Rounds = 40;
    private const int PerRound = 5_000;

    // Student's t for 39 degrees of freedom, two-sided 95 %.
    private const double T39 = 2.023;

    /// <summary>The outbound overhead benchmark's rows.</summary>
    public static async Task RunAsync(int block = 1)
    {
        var sockets = new OutboundOverheadBenchmarks();
        sockets.Setup();
        try
        {
            const string GuardedBaseline = "RawHttpClientGuardedBackend (issue 4's baseline)";
            await CompareAsync(
            [
                new("RawHttpClient (baseline)", sockets.RawHttpClient),
                new("RawHttpClientControl (A/A control: a second raw client with its own connection; should differ by about 0)", sockets.RawHttpClientControl),
                new("RawHttpClientSplitByHand (90/10 to v1 and v2, as the route)", sockets.RawHttpClientSplitByHand),
                new("FactoryClientWithoutMesh", sockets.FactoryClientWithoutMesh),
                new("FactoryClientWithoutMeshNoFactoryLogging", sockets.FactoryClientWithoutMeshNoFactoryLogging),
                new("MeshedClientTenRoutes", sockets.MeshedClientTenRoutes),
                new("MeshedClientTenRoutesNoFactoryLogging", sockets.MeshedClientTenRoutesNoFactoryLogging),
                new(GuardedBaseline, sockets.RawHttpClientGuardedBackend),
                new("MeshedPoolLimitsAndOutlierDetection", sockets.MeshedPoolLimitsAndOutlierDetection, GuardedBaseline),
                new("MeshedPoolLimitsAndOutlierDetectionNoFactoryLogging", sockets.MeshedPoolLimitsAndOutlierDetectionNoFactoryLogging, GuardedBaseline),
            ], block);
        }
        finally
        {
            sockets.Cleanup();
        }
    }

    /// <summary>
    /// <see cref="SocketResilienceBenchmarks"/>' rows: a mesh route with no timeout and no retries against the
    /// benchmark's ten routes with both, to see what routing and the resilience layer take of the time.
    /// </summary>
    public static async Task RunResilienceAsync(int block = 1)
    {
        var sockets = new SocketResilienceBenchmarks();
        sockets.Setup();
        try
        {
            await CompareAsync(
            [
                new("RawHttpClient (baseline)", sockets.RawHttpClient),
                new("MeshedOneRouteNoResilience", sockets.MeshedOneRouteNoResilience),
                new("MeshedTenRoutesTimeoutAndRetries", sockets.MeshedTenRoutesTimeoutAndRetries),
            ], block);
        }
        finally
        {
            sockets.Cleanup();
        }
    }

    /// <summary>
    /// <see cref="TelemetryOverheadBenchmarks"/>' rows with <paramref name="listening"/> attached. Listeners are
    /// process-wide, so each setting is a run of its own, with its own raw baseline and A/A control.
    /// </summary>
    public static async Task RunTelemetryAsync(TelemetryOverheadBenchmarks.Listening listening, int block = 1)
    {
        var telemetry = new TelemetryOverheadBenchmarks { Telemetry = listening };
        telemetry.Setup();
        try
        {
            Console.WriteLine($"// telemetry: {listening}");
            await CompareAsync(
            [
                new("RawHttpClient (baseline)", telemetry.RawHttpClient),
                new("RawHttpClientControl (A/A control: a second raw client with its own connection; should differ by about 0)", telemetry.RawHttpClientControl),
                new("MeshedClientTenRoutes", telemetry.MeshedClientTenRoutes),
                new("MeshedClientTenRoutesNoFactoryLogging", telemetry.MeshedClientTenRoutesNoFactoryLogging),
            ], block);
        }
        finally
        {
            telemetry.Cleanup();
        }
    }

    /// <summary>Whether <paramref name="block"/> can be a block size: it must divide the requests of a round.</summary>
    public static bool IsBlockSize(int block) => block >= 1 && PerRound % block == 0;

    private static async Task CompareAsync(Row[] rows, int block)
    {
        if (!IsBlockSize(block))
        {
            throw new ArgumentOutOfRangeException(nameof(block), block, $"a block must divide {PerRound}");
        }

        var cycles = await WarmUpAsync(rows);

        // ticks[row][round * PerRound + i]
        var ticks = rows.Select(static _ => new long[Rounds * PerRound]).ToArray();
        var order = Enumerable.Range(0, rows.Length).ToArray();
        var shuffle = new Random(20261206);
        for (var round = 0; round < Rounds; round++)
        {
            for (var i = 0; i < PerRound; i += block)
            {
                // A new order every cycle: a request's time depends on the one before it (a row sent right after
                // a meshed row measured up to 0.8 μs slower than the same row sent after the raw one), so a fixed
                // order would charge that to whichever rows happen to follow the heavier ones.
                shuffle.Shuffle(order);
                foreach (var r in order)
                {
                    for (var k = 0; k < block; k++)
                    {
                        var start = Stopwatch.GetTimestamp();
                        _ = await rows[r].Send();
                        ticks[r][(round * PerRound) + i + k] = Stopwatch.GetTimestamp() - start;
                    }
                }
            }
        }

        var interleaving = block == 1 ? "request by request" : $"in blocks of {block} requests";
        Console.WriteLine($"// warm-up: {cycles} cycles, until the JIT compiled nothing new for {SettledCycles} cycles ({JitInfo.GetCompiledMethodCount()} methods compiled)");
        Console.WriteLine($"// {Rounds} rounds x {PerRound} requests per row, rows interleaved {interleaving} in a new random order each cycle; {Environment.ProcessorCount} cores");
        Console.WriteLine("| Row | Mean | Median | p99 | Δ mean vs its baseline (95 % CI) | Δ median | Baseline |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | --- |");
        for (var r = 0; r < rows.Length; r++)
        {
            var b = BaselineOf(rows, r);
            var (row, baseline) = (ticks[r], ticks[b]);
            var (low, high) = r == b ? (0.0, 0.0) : MeanDifferenceInterval(row, baseline);
            var delta = r == b ? "" : $"{Delta(Mean(row) - Mean(baseline))} ({Delta(low)} to {Delta(high)})";
            var deltaMedian = r == b ? "" : Delta(Percentile(row, 0.5) - Percentile(baseline, 0.5));
            var against = r == b ? "" : rows[b].Name;
            if (Environment.GetEnvironmentVariable("LATENCY_ROUNDS") is not null && r != b)
            {
                Console.WriteLine("// rounds " + rows[r].Name + ": " + string.Join(" ", Enumerable.Range(0, Rounds).Select(round => ((Mean(row.AsSpan(round * PerRound, PerRound)) - Mean(baseline.AsSpan(round * PerRound, PerRound))) * 1_000_000.0 / Stopwatch.Frequency).ToString("0.0", CultureInfo.InvariantCulture))));
            }

            Console.WriteLine($"| {rows[r].Name} | {Micro(Mean(row))} | {Micro(Percentile(row, 0.5))} | {Micro(Percentile(row, 0.99))} | {delta} | {deltaMedian} | {against} |");
        }
    }

    /// <summary>
    /// Sends every row at least <see cref="Warmup"/> times, then goes on until the JIT has compiled no method for
    /// <see cref="SettledCycles"/> cycles in a row (at most <see cref="MaxWarmup"/> cycles), and returns the cycles sent.
    /// </summary>
    /// <remarks>
    /// Why not a fixed count: tiered compilation recompiles hot methods in the background (tier 0, then instrumented,
    /// then optimized, each after a delay that new compilations push back), and the mesh path has more methods to
    /// tier than a raw client. With 20,000 cycles alone, the meshed rows were still being recompiled during the first
    /// two rounds on a single core (2026-12-07: +18.4 and +8.4 μs in those rounds against +3.2 to +4.2 μs in the
    /// other 38), which added about 0.5 μs to the reported mean difference.
    /// </remarks>
    private static async Task<int> WarmUpAsync(Row[] rows)
    {
        var cycles = 0;
        var settled = 0;
        var compiled = JitInfo.GetCompiledMethodCount();
        while (cycles < MaxWarmup && (cycles < Warmup || settled < SettledCycles))
        {
            foreach (var row in rows)
            {
                _ = await row.Send();
            }

            cycles++;
            if (cycles % 1_000 == 0)
            {
                var now = JitInfo.GetCompiledMethodCount();
                settled = now == compiled ? settled + 1_000 : 0;
                compiled = now;
            }
        }

        return cycles;
    }

    private static (double Low, double High) MeanDifferenceInterval(long[] row, long[] raw)
    {
        var differences = new double[Rounds];
        for (var round = 0; round < Rounds; round++)
        {
            differences[round] = Mean(row.AsSpan(round * PerRound, PerRound)) - Mean(raw.AsSpan(round * PerRound, PerRound));
        }

        var mean = differences.Average();
        var sd = Math.Sqrt(differences.Sum(d => (d - mean) * (d - mean)) / (Rounds - 1));
        var half = T39 * sd / Math.Sqrt(Rounds);
        return (mean - half, mean + half);
    }

    private static double Mean(ReadOnlySpan<long> values)
    {
        double sum = 0;
        foreach (var value in values)
        {
            sum += value;
        }

        return sum / values.Length;
    }

    private static double Percentile(long[] values, double p)
    {
        var sorted = (long[])values.Clone();
        Array.Sort(sorted);
        return sorted[(int)Math.Min(sorted.Length - 1, p * sorted.Length)];
    }

    private static string Micro(double ticks) =>
        (ticks * 1_000_000.0 / Stopwatch.Frequency).ToString("0.00 μs", CultureInfo.InvariantCulture);

    private static string Delta(double ticks) =>
        (ticks * 1_000_000.0 / Stopwatch.Frequency).ToString("+0.00 μs;-0.00 μs;0.00 μs", CultureInfo.InvariantCulture);

    /// <summary>The index of row <paramref name="r"/>'s baseline: the row it names, or the first row.</summary>
    private static int BaselineOf(Row[] rows, int r)
    {
        if (rows[r].Baseline is not { } name)
        {
            return 0;
        }

        var index = Array.FindIndex(rows, row => row.Name == name);
        return index >= 0 ? index : throw new InvalidOperationException($"row '{rows[r].Name}' names a baseline '{name}' that is not among the rows");
    }

    /// <summary>A row: what it sends, and the name of the row its difference is taken against (the first row unless given).</summary>
    private readonly record struct Row(string Name, Func<Task<byte[]>> Send, string? Baseline = null);
}

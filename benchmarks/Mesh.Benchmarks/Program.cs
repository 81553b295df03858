using BenchmarkDotNet.Running;
using Mesh.Benchmarks;
using Mesh.Benchmarks.Experiments;

// From the repository root (docs/performance.md says what each gives):
// dotnet run -c Release --project benchmarks/Mesh.Benchmarks -- --filter '*'   (BenchmarkDotNet classes)
// dotnet run -c Release --project benchmarks/Mesh.Benchmarks -- --alloc-profile [telemetry STATE]   (bytes per request by type)
// dotnet run -c Release --project benchmarks/Mesh.Benchmarks -- --latency [resilience | telemetry STATE] [--block N]   (rows interleaved)
// STATE: Off, Metrics, MetricsAndMeterListener or MetricsAndTracing. LATENCY_ROUNDS=1 prints each round of --latency.
if (args is ["--alloc-profile"])
{
    await AllocationProfile.RunAsync();
    return;
}

var block = 1;
if (args is [.., "--block", var blockText])
{
    if (!int.TryParse(blockText, out block) || !LatencyComparison.IsBlockSize(block))
    {
        Console.Error.WriteLine($"--block: '{blockText}' is not a block size; give a whole number that divides 5000 (1, 10, 50, 100, ...)");
        Environment.Exit(2);
    }

    args = args[..^2];
}

if (args is ["--latency"])
{
    await LatencyComparison.RunAsync(block);
    return;
}

if (args is ["--alloc-profile", "telemetry", var profiled])
{
    await AllocationProfile.RunTelemetryAsync(Listening("--alloc-profile telemetry", profiled));
    return;
}

if (args is ["--latency", "telemetry", var listening])
{
    await LatencyComparison.RunTelemetryAsync(Listening("--latency telemetry", listening), block);
    return;
}

if (args is ["--latency", "resilience"])
{
    await LatencyComparison.RunResilienceAsync(block);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(OutboundOverheadBenchmarks).Assembly).Run(args);

static TelemetryOverheadBenchmarks.Listening Listening(string option, string value)
{
    if (!Enum.TryParse<TelemetryOverheadBenchmarks.Listening>(value, ignoreCase: true, out var setting) || int.TryParse(value, out _))
    {
        Console.Error.WriteLine($"{option}: unknown setting '{value}'; use one of {string.Join(", ", Enum.GetNames<TelemetryOverheadBenchmarks.Listening>())}");
        Environment.Exit(2);
    }

    return setting;
}

using BenchmarkDotNet.Running;
using Mesh.Benchmarks;
using Mesh.Benchmarks.Experiments;

// dotnet run -c Release --project benchmarks/Mesh.Benchmarks -- --filter '*'
// dotnet run -c Release --project benchmarks/Mesh.Benchmarks -- --alloc-profile   (types allocated per request)
// dotnet run -c Release --project benchmarks/Mesh.Benchmarks -- --latency [resilience]   (rows interleaved, per-request times)
// dotnet run -c Release --project benchmarks/Mesh.Benchmarks -- --latency telemetry Off|Metrics|MetricsAndTracing
if (args is ["--alloc-profile"])
{
    await AllocationProfile.RunAsync();
    return;
}

if (args is ["--latency"])
{
    await LatencyComparison.RunAsync();
    return;
}

if (args is ["--latency", "telemetry", var listening])
{
    if (!Enum.TryParse<TelemetryOverheadBenchmarks.Listening>(listening, ignoreCase: true, out var setting) || int.TryParse(listening, out _))
    {
        Console.Error.WriteLine($"--latency telemetry: unknown setting '{listening}'; use one of {string.Join(", ", Enum.GetNames<TelemetryOverheadBenchmarks.Listening>())}");
        Environment.Exit(2);
    }

    await LatencyComparison.RunTelemetryAsync(setting);
    return;
}

if (args is ["--latency", "resilience"])
{
    await LatencyComparison.RunResilienceAsync();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(OutboundOverheadBenchmarks).Assembly).Run(args);

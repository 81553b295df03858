using BenchmarkDotNet.Running;
using Mesh.Benchmarks;
using Mesh.Benchmarks.Experiments;

// dotnet run -c Release --project benchmarks/Mesh.Benchmarks -- --filter '*'
// dotnet run -c Release --project benchmarks/Mesh.Benchmarks -- --alloc-profile   (types allocated per request)
// dotnet run -c Release --project benchmarks/Mesh.Benchmarks -- --alloc-profile telemetry Off|Metrics|MetricsAndTracing
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

if (args is ["--alloc-profile", "telemetry", var profiled])
{
    await AllocationProfile.RunTelemetryAsync(Listening("--alloc-profile telemetry", profiled));
    return;
}

if (args is ["--latency", "telemetry", var listening])
{
    await LatencyComparison.RunTelemetryAsync(Listening("--latency telemetry", listening));
    return;
}

if (args is ["--latency", "resilience"])
{
    await LatencyComparison.RunResilienceAsync();
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

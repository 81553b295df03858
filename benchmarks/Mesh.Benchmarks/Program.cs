using BenchmarkDotNet.Running;
using Mesh.Benchmarks;
using Mesh.Benchmarks.Experiments;

// dotnet run -c Release --project benchmarks/Mesh.Benchmarks -- --filter '*'
// dotnet run -c Release --project benchmarks/Mesh.Benchmarks -- --alloc-profile   (types allocated per request)
// dotnet run -c Release --project benchmarks/Mesh.Benchmarks -- --latency [resilience]   (rows interleaved, per-request times)
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

if (args is ["--latency", "resilience"])
{
    await LatencyComparison.RunResilienceAsync();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(OutboundOverheadBenchmarks).Assembly).Run(args);

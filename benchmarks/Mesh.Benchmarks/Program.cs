using BenchmarkDotNet.Running;
using Mesh.Benchmarks;
using Mesh.Benchmarks.Experiments;

// dotnet run -c Release --project benchmarks/Mesh.Benchmarks -- --filter '*'
// dotnet run -c Release --project benchmarks/Mesh.Benchmarks -- --alloc-profile   (types allocated per request)
if (args is ["--alloc-profile"])
{
    await AllocationProfile.RunAsync();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(OutboundOverheadBenchmarks).Assembly).Run(args);

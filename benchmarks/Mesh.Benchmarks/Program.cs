using BenchmarkDotNet.Running;
using Mesh.Benchmarks;

// dotnet run -c Release --project benchmarks/Mesh.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(OutboundOverheadBenchmarks).Assembly).Run(args);

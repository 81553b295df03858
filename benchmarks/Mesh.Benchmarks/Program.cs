using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/Mesh.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

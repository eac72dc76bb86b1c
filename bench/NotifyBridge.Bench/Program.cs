using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/NotifyBridge.Bench -- --filter '*EventLog*'
// The first run seeds 1,000,000 events into NB_BENCH_DATA (default /tmp/nb-bench-1m) and reuses them afterwards.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

public partial class Program;

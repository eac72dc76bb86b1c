using BenchmarkDotNet.Running;
using NotifyBridge.Bench;

// dotnet run -c Release --project bench/NotifyBridge.Bench -- --filter '*EventLog*'
// The first run seeds 1,000,000 events into NB_BENCH_DATA (default /tmp/nb-bench-1m) and reuses them afterwards.
//
// dotnet run -c Release --project bench/NotifyBridge.Bench -- delivery [seconds] [targets]
// Sustained deliveries/s and CPU per delivery for a broadcast to N targets (default 50) against a
// local sink process, beside a bare HttpClient forwarder measured in the same run.
if (args is ["sink", var port]) return await DeliverySink.RunAsync(int.Parse(port, System.Globalization.CultureInfo.InvariantCulture));
if (args is ["delivery", ..]) return await DeliveryThroughput.RunAsync(args[1..]);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;

public partial class Program;

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NotifyBridge.Domain.Accounts;
using NotifyBridge.Domain.Deliveries;
using NotifyBridge.Domain.Events;
using NotifyBridge.Domain.Links;
using NotifyBridge.Domain.Providers;
using NotifyBridge.Domain.Targets;
using NotifyBridge.Infrastructure;
using NotifyBridge.Infrastructure.Identity;
using NotifyBridge.Infrastructure.Ingest;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Infrastructure.Providers;

namespace NotifyBridge.Bench;

/// <summary>
/// Sustained delivery rate and CPU per delivery: events ingested through the real ingest writer
/// into a broadcast of N webhook targets (SQLite outbox, delivery worker, template rendering,
/// outgoing webhook notifier) against a sink in another process — and, in the same run and
/// against the same sink, a bare HttpClient forwarder doing one POST per message. The two are
/// measured back to back in five rounds (the machine's speed drifts on a shared VM) and the
/// goal is judged on the median round.
/// </summary>
public static class DeliveryThroughput
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
        var targets = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50;
        var port = FreePort();
        using var sink = StartSink(port);
        Measurement outboxOnly;
        Rounds rounds;
        try
        {
            var sinkUrl = $"http://127.0.0.1:{port}";
            using var http = new HttpClient();
            await WaitForSinkAsync(http, sinkUrl).ConfigureAwait(false);
            // NB_BENCH_ONLY=outbox or =e2e runs just that measurement (handy under a profiler).
            var only = Environment.GetEnvironmentVariable("NB_BENCH_ONLY");
            var skip = new Measurement(double.NaN, double.NaN);
            var roundCount = only is null ? 5 : 1;
            rounds = only is null or "e2e"
                ? await MeasureEndToEndAsync(http, sinkUrl, seconds, targets, roundCount, withForwarder: only is null).ConfigureAwait(false)
                : new Rounds([], []);
            outboxOnly = only is null or "outbox" ? await MeasureOutboxAsync(http, sinkUrl, seconds, targets).ConfigureAwait(false) : skip;
        }
        finally
        {
            sink.Kill();
        }

        Console.WriteLine();
        Console.WriteLine($"| {"Sender",-38} | {"deliveries/s",12} | {"CPU µs/delivery",15} |");
        Console.WriteLine($"|{new string('-', 40)}|{new string('-', 14)}|{new string('-', 17)}|");
        for (var i = 0; i < rounds.NotifyBridge.Count; i++)
        {
            if (i < rounds.Forwarder.Count) Print($"round {i + 1}: bare HttpClient forwarder", rounds.Forwarder[i]);
            Print($"round {i + 1}: NotifyBridge, broadcast {targets}", rounds.NotifyBridge[i]);
        }
        Print("sending a full outbox (no ingest)", outboxOnly);
        Console.WriteLine();
        if (rounds.Forwarder.Count == 0) return 0;
        // Each round measures the forwarder and NotifyBridge back to back, so a change in the
        // machine's speed (a shared VM) moves both; the goal is judged on the median round.
        var ratios = rounds.NotifyBridge.Zip(rounds.Forwarder, (n, f) => n.PerSecond / f.PerSecond).ToList();
        var median = Median(ratios);
        var cpuMedian = Median([.. rounds.NotifyBridge.Select(n => n.CpuMicrosecondsPerDelivery)]);
        Console.WriteLine($"Rate ratio NotifyBridge / forwarder per round: {string.Join(", ", ratios.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture)))}; median {median:0.00}");
        Console.WriteLine($"NotifyBridge CPU per delivery, median: {cpuMedian:0} µs");
        // The goal from issue 4.
        var met = median >= 0.5 && cpuMedian <= 150;
        Console.WriteLine($"Goal (>= 0.50x the forwarder's rate, <= 150 µs CPU per delivery): {(met ? "met" : "not met")}");
        return 0;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values.Count == 0 ? double.NaN : values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
    }

    private sealed record Rounds(List<Measurement> Forwarder, List<Measurement> NotifyBridge);

    private sealed record Measurement(double PerSecond, double CpuMicrosecondsPerDelivery);

    private static void Print(string name, Measurement m) =>
        Console.WriteLine($"| {name,-38} | {m.PerSecond,12:N0} | {m.CpuMicrosecondsPerDelivery,15:N0} |");

    private static async Task<Measurement> MeasureForwarderAsync(HttpClient http, string sinkUrl, int seconds, bool warmUp)
    {
        const string body = """{"event":{"id":1,"type":"push","title":"anna pushed 3 commits to main","url":"https://git.example/anna/repo"}}""";
        async Task<long> RunAsync(TimeSpan duration)
        {
            long sent = 0;
            var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            var workers = Enumerable.Range(0, 32).Select(async i =>
            {
                while (Stopwatch.GetTimestamp() < until)
                {
                    using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
                    using var response = await http.PostAsync(new Uri($"{sinkUrl}/forward/{i}"), content).ConfigureAwait(false);
                    response.EnsureSuccessStatusCode();
                    Interlocked.Increment(ref sent);
                }
            });
            await Task.WhenAll(workers).ConfigureAwait(false);
            return sent;
        }

        await RunAsync(TimeSpan.FromSeconds(warmUp ? 3 : 1)).ConfigureAwait(false);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var count = await RunAsync(TimeSpan.FromSeconds(seconds)).ConfigureAwait(false);
        var elapsed = clock.Elapsed;
        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        return new Measurement(count / elapsed.TotalSeconds, cpuUsed.TotalMicroseconds / count);
    }

    /// <summary>
    /// End to end: events ingested while deliveries go out. After the warm-up, each round measures
    /// the bare forwarder (ingest paused and the backlog drained, so NotifyBridge is idle) and then
    /// NotifyBridge, back to back against the same sink.
    /// </summary>
    private static async Task<Rounds> MeasureEndToEndAsync(HttpClient http, string sinkUrl, int seconds, int targetCount, int roundCount, bool withForwarder)
    {
        await using var bench = await BenchApp.StartAsync(http, sinkUrl, targetCount).ConfigureAwait(false);
        await bench.StartWorkerAsync().ConfigureAwait(false);
        bench.StartProducer();
        await WarmUpAsync().ConfigureAwait(false);
        var rounds = new Rounds([], []);
        for (var round = 0; round < roundCount; round++)
        {
            if (withForwarder)
            {
                await bench.PauseAndDrainAsync().ConfigureAwait(false);
                // Fairness check: NotifyBridge, paused and drained, must not eat into the forwarder's CPU.
                var idleCpu = Process.GetCurrentProcess().TotalProcessorTime;
                await Task.Delay(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
                Console.WriteLine($"Round {round + 1}: NotifyBridge idle before the forwarder: {(Process.GetCurrentProcess().TotalProcessorTime - idleCpu).TotalMilliseconds / 2:0} ms CPU per second.");
                rounds.Forwarder.Add(await MeasureForwarderAsync(http, sinkUrl, seconds, warmUp: round == 0).ConfigureAwait(false));
                bench.Resume();
                await Task.Delay(TimeSpan.FromSeconds(2)).ConfigureAwait(false); // back to a steady backlog
            }
            rounds.NotifyBridge.Add(await bench.MeasureAsync(seconds, "end to end").ConfigureAwait(false));
        }
        return rounds;
    }

    /// <summary>The delivery path alone: the outbox is filled first, then the worker starts.</summary>
    private static async Task<Measurement> MeasureOutboxAsync(HttpClient http, string sinkUrl, int seconds, int targetCount)
    {
        await using var bench = await BenchApp.StartAsync(http, sinkUrl, targetCount).ConfigureAwait(false);
        // Enough for warm-up and measurement at well over the goal rate (the warm-up is 5 s
        // here: in a full run the end-to-end rounds before this one have warmed the JIT up).
        var events = (seconds + 5) * 20_000 / targetCount;
        var preloadCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var preloadClock = Stopwatch.StartNew();
        for (var i = 0; i < events; i += 50) await bench.IngestAsync(50).ConfigureAwait(false);
        var perDelivery = (Process.GetCurrentProcess().TotalProcessorTime - preloadCpu).TotalMicroseconds / ((double)events * targetCount);
        Console.WriteLine($"Outbox filled: {events:N0} events, {events * targetCount:N0} deliveries planned in {preloadClock.Elapsed.TotalSeconds:0.0} s, {perDelivery:0} µs CPU per planned delivery (ingest + planning).");
        await bench.StartWorkerAsync().ConfigureAwait(false);
        await Task.Delay(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        return await bench.MeasureAsync(seconds, "outbox").ConfigureAwait(false);
    }

    /// <summary>
    /// NotifyBridge in this process on a fresh SQLite data directory: the real ingest writer and
    /// delivery worker, a broadcast of N webhook targets pointing at the sink, and a producer that
    /// keeps a bounded backlog.
    /// </summary>
    private sealed class BenchApp : IAsyncDisposable
    {
        private readonly HttpClient _http;
        private readonly string _sinkUrl;
        private readonly int _targetCount;
        private readonly string _directory;
        private readonly Microsoft.Extensions.DependencyInjection.ServiceProvider _services;
        private readonly List<IHostedService> _started = [];
        private readonly CancellationTokenSource _stop = new();
        private string _ownerId = "";
        private ProviderView _provider = null!;
        private long _planned;
        private long _sentBefore;
        private volatile TaskCompletionSource? _paused;
        private Task _producer = Task.CompletedTask;

        private BenchApp(HttpClient http, string sinkUrl, int targetCount)
        {
            _http = http;
            _sinkUrl = sinkUrl;
            _targetCount = targetCount;
            _directory = Path.Combine(Path.GetTempPath(), "nb-bench-delivery-" + Guid.NewGuid().ToString("N")[..8]);
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Sqlite",
                ["Storage:DataDirectory"] = _directory,
            }).Build();
            _services = new ServiceCollection()
                .AddSingleton<IConfiguration>(configuration)
                .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
                .AddInfrastructure(configuration)
                .BuildServiceProvider();
        }

        public static async Task<BenchApp> StartAsync(HttpClient http, string sinkUrl, int targetCount)
        {
            var app = new BenchApp(http, sinkUrl, targetCount);
            await app._services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None).ConfigureAwait(false);
            app._services.GetRequiredService<DatabaseReadiness>().MarkReady();
            // The two hosted services on the delivery path (the scheduler is not needed here).
            await app.StartHostedAsync(app._services.GetRequiredService<IngestWriter>()).ConfigureAwait(false);
            (app._ownerId, app._provider) = await SetUpAsync(app._services, sinkUrl, targetCount).ConfigureAwait(false);
            app._sentBefore = await app.SinkCountAsync().ConfigureAwait(false);
            return app;
        }

        private async Task StartHostedAsync(IHostedService service)
        {
            await service.StartAsync(CancellationToken.None).ConfigureAwait(false);
            _started.Add(service);
        }

        public Task StartWorkerAsync() => StartHostedAsync(_services.GetRequiredService<NotifyBridge.Infrastructure.Dispatch.DeliveryWorker>());

        /// <summary>Events at once, as concurrent webhook calls would arrive: one group commit.</summary>
        public async Task IngestAsync(int count)
        {
            var writer = _services.GetRequiredService<IngestWriter>();
            var from = Interlocked.Add(ref _planned, count * _targetCount) / _targetCount - count;
            await Task.WhenAll(Enumerable.Range((int)from, count).Select(i => writer.WriteAsync(new NotifyBridge.Domain.Events.EventLogEntry
            {
                OwnerId = _ownerId, ProviderId = _provider.Id, ProviderName = _provider.Name, EventType = EventTypes.Push,
                Title = $"anna pushed 3 commits to main ({i})", Summary = "fix: handle empty albums", Actor = "anna",
                CollectionId = "anna/repo", CollectionName = "anna/repo", Url = "https://git.example/anna/repo",
            }, null, CancellationToken.None))).ConfigureAwait(false);
        }

        /// <summary>NotifyBridge's deliveries the sink has received (the forwarder's requests are counted apart).</summary>
        public async Task<long> SinkCountAsync() =>
            long.Parse(await _http.GetStringAsync(new Uri($"{_sinkUrl}/count/hooks")).ConfigureAwait(false), CultureInfo.InvariantCulture);

        /// <summary>Keeps a backlog so the worker never idles, but a bounded one (about 100 events' worth).</summary>
        public void StartProducer() => _producer = Task.Run(async () =>
        {
            // The backlog is what was planned minus what the sink received: asking the sink is
            // cheap for us, unlike counting pending rows in the database every few milliseconds.
            while (!_stop.IsCancellationRequested)
            {
                // Paused: wait without polling (a poll every few ms would cost the forwarder CPU).
                if (_paused is { } paused) await paused.Task.WaitAsync(_stop.Token).ConfigureAwait(false);
                var backlog = Interlocked.Read(ref _planned) - (await SinkCountAsync().ConfigureAwait(false) - _sentBefore);
                if (backlog > _targetCount * 100)
                {
                    await Task.Delay(10).ConfigureAwait(false);
                    continue;
                }
                await IngestAsync(10).ConfigureAwait(false);
            }
        });

        /// <summary>Stops ingesting and waits (up to 30 s) until the sink has everything planned.</summary>
        public async Task PauseAndDrainAsync()
        {
            _paused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var clock = Stopwatch.StartNew();
            while (await SinkCountAsync().ConfigureAwait(false) - _sentBefore < Interlocked.Read(ref _planned) && clock.Elapsed < TimeSpan.FromSeconds(30))
                await Task.Delay(20).ConfigureAwait(false);
            // The producer may have been mid-batch when paused: let it finish and drain that too.
            await Task.Delay(200).ConfigureAwait(false);
            while (await SinkCountAsync().ConfigureAwait(false) - _sentBefore < Interlocked.Read(ref _planned) && clock.Elapsed < TimeSpan.FromSeconds(30))
                await Task.Delay(20).ConfigureAwait(false);
        }

        public void Resume()
        {
            var paused = _paused;
            _paused = null;
            paused?.TrySetResult();
        }

        public async Task<Measurement> MeasureAsync(int seconds, string what)
        {
            var jitBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
            var startCount = await SinkCountAsync().ConfigureAwait(false);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(seconds)).ConfigureAwait(false);
            var delivered = await SinkCountAsync().ConfigureAwait(false) - startCount;
            var elapsed = clock.Elapsed;
            var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            Console.WriteLine($"{what}: {System.Runtime.JitInfo.GetCompiledMethodCount() - jitBefore} methods compiled while measuring.");
            return new Measurement(delivered / elapsed.TotalSeconds, cpuUsed.TotalMicroseconds / Math.Max(1, delivered));
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            Resume();
            try { await _producer.ConfigureAwait(false); }
            catch (OperationCanceledException) { }
            foreach (var service in Enumerable.Reverse(_started)) await service.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await _services.DisposeAsync().ConfigureAwait(false);
            _stop.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>
    /// At least 5 s, then until the JIT has settled (tiered compilation keeps recompiling hot
    /// methods for a while; on two busy cores that takes tens of seconds and is not what a
    /// long-running server spends its CPU on): fewer than 20 methods compiled in a second, or 90 s.
    /// </summary>
    private static async Task WarmUpAsync()
    {
        await Task.Delay(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(85))
        {
            var before = System.Runtime.JitInfo.GetCompiledMethodCount();
            await Task.Delay(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
            if (System.Runtime.JitInfo.GetCompiledMethodCount() - before < 20) break;
        }
        Console.WriteLine($"Warm-up: {5 + clock.Elapsed.TotalSeconds:0} s until the JIT settled.");
    }

    private static async Task<(string OwnerId, ProviderView Provider)> SetUpAsync(Microsoft.Extensions.DependencyInjection.ServiceProvider services, string sinkUrl, int targetCount)
    {
        await using var scope = services.CreateAsyncScope();
        var (result, owner) = await scope.ServiceProvider.GetRequiredService<UserAdministration>().CreateAsync("bench@example.test", "Passw0rd-bench", Roles.Admin).ConfigureAwait(false);
        if (!result.Succeeded) throw new InvalidOperationException(result.ErrorText);
        var provider = await services.GetRequiredService<ProviderService>().CreateAsync(owner!.Id, new ProviderInput("Forge", ProviderType.Gitea), CancellationToken.None).ConfigureAwait(false);
        await using var db = await services.GetRequiredService<IDbContextFactory<NotifyBridgeDbContext>>().CreateDbContextAsync().ConfigureAwait(false);
        var now = DateTime.UtcNow;
        var members = Enumerable.Range(0, targetCount).Select(i => new NotificationTarget
        {
            OwnerId = owner.Id, Name = $"sink {i}", Type = TargetType.Webhook,
            SettingsJson = TargetSettings.Write(new WebhookTargetSettings($"{sinkUrl}/hook/{i}")), CreatedAt = now, UpdatedAt = now,
        }).ToList();
        var broadcast = new NotificationTarget
        {
            OwnerId = owner.Id, Name = "everyone", Type = TargetType.Broadcast,
            SettingsJson = TargetSettings.Write(new BroadcastTargetSettings()), CreatedAt = now, UpdatedAt = now,
        };
        db.Targets.AddRange(members);
        db.Targets.Add(broadcast);
        await db.SaveChangesAsync().ConfigureAwait(false);
        db.BroadcastMembers.AddRange(members.Select(m => new BroadcastMember { BroadcastTargetId = broadcast.Id, MemberTargetId = m.Id }));
        db.Links.Add(new NotificationLink { OwnerId = owner.Id, ProviderId = provider.Id, TargetId = broadcast.Id, CreatedAt = now, UpdatedAt = now });
        await db.SaveChangesAsync().ConfigureAwait(false);
        return (owner.Id, provider);
    }

    private static Process StartSink(int port)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { UseShellExecute = false };
        // When this process is traced (dotnet-trace), do not make the sink wait for a tracer too.
        start.Environment.Remove("DOTNET_DiagnosticPorts");
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(DeliverySink).Assembly.Location);
        start.ArgumentList.Add("sink");
        start.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        return Process.Start(start) ?? throw new InvalidOperationException("Could not start the sink.");
    }

    private static async Task WaitForSinkAsync(HttpClient http, string sinkUrl)
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                await http.GetStringAsync(new Uri($"{sinkUrl}/count")).ConfigureAwait(false);
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100).ConfigureAwait(false);
            }
        }
        throw new InvalidOperationException("The sink did not start.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

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
/// against the same sink, a bare HttpClient forwarder doing one POST per message.
/// </summary>
public static class DeliveryThroughput
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
        var targets = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50;
        var port = FreePort();
        using var sink = StartSink(port);
        Measurement forwarder, notifyBridge, outboxOnly;
        try
        {
            var sinkUrl = $"http://127.0.0.1:{port}";
            using var http = new HttpClient();
            await WaitForSinkAsync(http, sinkUrl).ConfigureAwait(false);
            // NB_BENCH_ONLY=outbox or =e2e runs just that measurement (handy under a profiler).
            var only = Environment.GetEnvironmentVariable("NB_BENCH_ONLY");
            var skip = new Measurement(double.NaN, double.NaN);
            forwarder = only is null ? await MeasureForwarderAsync(http, sinkUrl, seconds).ConfigureAwait(false) : skip;
            notifyBridge = only is null or "e2e" ? await MeasureNotifyBridgeAsync(http, sinkUrl, seconds, targets).ConfigureAwait(false) : skip;
            outboxOnly = only is null or "outbox" ? await MeasureNotifyBridgeAsync(http, sinkUrl, seconds, targets, preload: true).ConfigureAwait(false) : skip;
        }
        finally
        {
            sink.Kill();
        }

        Console.WriteLine();
        Console.WriteLine($"| {"Sender",-34} | {"deliveries/s",12} | {"CPU µs/delivery",15} |");
        Console.WriteLine($"|{new string('-', 36)}|{new string('-', 14)}|{new string('-', 17)}|");
        Print("bare HttpClient forwarder", forwarder);
        Print($"NotifyBridge, broadcast to {targets}", notifyBridge);
        Print("  of which: sending a full outbox", outboxOnly);
        Console.WriteLine();
        Console.WriteLine($"Rate ratio NotifyBridge / forwarder: {notifyBridge.PerSecond / forwarder.PerSecond:0.00}");
        return 0;
    }

    private sealed record Measurement(double PerSecond, double CpuMicrosecondsPerDelivery);

    private static void Print(string name, Measurement m) =>
        Console.WriteLine($"| {name,-34} | {m.PerSecond,12:N0} | {m.CpuMicrosecondsPerDelivery,15:N0} |");

    private static async Task<Measurement> MeasureForwarderAsync(HttpClient http, string sinkUrl, int seconds)
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

        await RunAsync(TimeSpan.FromSeconds(3)).ConfigureAwait(false); // warm up
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var count = await RunAsync(TimeSpan.FromSeconds(seconds)).ConfigureAwait(false);
        var elapsed = clock.Elapsed;
        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        return new Measurement(count / elapsed.TotalSeconds, cpuUsed.TotalMicroseconds / count);
    }

    /// <summary>
    /// End to end (events ingested while deliveries go out), or with <paramref name="preload"/>
    /// the delivery path alone: the outbox is filled first, then the worker starts.
    /// </summary>
    private static async Task<Measurement> MeasureNotifyBridgeAsync(HttpClient http, string sinkUrl, int seconds, int targetCount, bool preload = false)
    {
        var directory = Path.Combine(Path.GetTempPath(), "nb-bench-delivery-" + Guid.NewGuid().ToString("N")[..8]);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Storage:DataDirectory"] = directory,
        }).Build();
        await using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddInfrastructure(configuration)
            .BuildServiceProvider();
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None).ConfigureAwait(false);
        services.GetRequiredService<DatabaseReadiness>().MarkReady();
        // The two hosted services on the delivery path (the scheduler is not needed here).
        List<IHostedService> hosted = [services.GetRequiredService<IngestWriter>(), services.GetRequiredService<NotifyBridge.Infrastructure.Dispatch.DeliveryWorker>()];
        await hosted[0].StartAsync(CancellationToken.None).ConfigureAwait(false);

        var (ownerId, provider) = await SetUpAsync(services, sinkUrl, targetCount).ConfigureAwait(false);
        var writer = services.GetRequiredService<IngestWriter>();
        var contextFactory = services.GetRequiredService<IDbContextFactory<NotifyBridgeDbContext>>();
        using var stop = new CancellationTokenSource();
        Task Ingest(int count, int from) => Task.WhenAll(Enumerable.Range(from, count).Select(i => writer.WriteAsync(new NotifyBridge.Domain.Events.EventLogEntry
        {
            OwnerId = ownerId, ProviderId = provider.Id, ProviderName = provider.Name, EventType = EventTypes.Push,
            Title = $"anna pushed 3 commits to main ({i})", Summary = "fix: handle empty albums", Actor = "anna",
            CollectionId = "anna/repo", CollectionName = "anna/repo", Url = "https://git.example/anna/repo",
        }, null, CancellationToken.None)));
        if (preload)
        {
            // Enough for warm-up and measurement at well over the goal rate (the warm-up is 5 s
            // here: the end-to-end run before this one has already warmed the JIT up).
            var events = (seconds + 5) * 20_000 / targetCount;
            var preloadCpu = Process.GetCurrentProcess().TotalProcessorTime;
            var preloadClock = Stopwatch.StartNew();
            for (var i = 0; i < events; i += 50) await Ingest(50, i).ConfigureAwait(false);
            var perDelivery = (Process.GetCurrentProcess().TotalProcessorTime - preloadCpu).TotalMicroseconds / ((double)events * targetCount);
            Console.WriteLine($"Outbox filled: {events:N0} events, {events * targetCount:N0} deliveries planned in {preloadClock.Elapsed.TotalSeconds:0.0} s, {perDelivery:0} µs CPU per planned delivery (ingest + planning).");
        }
        await hosted[1].StartAsync(CancellationToken.None).ConfigureAwait(false);

        // Keep a backlog so the worker never idles, but a bounded one (about 100 events' worth).
        async Task<long> SinkCountAsync() => long.Parse(await http.GetStringAsync(new Uri($"{sinkUrl}/count")).ConfigureAwait(false), CultureInfo.InvariantCulture);
        var sentBefore = await SinkCountAsync().ConfigureAwait(false);
        var producer = preload ? Task.CompletedTask : Task.Run(async () =>
        {
            // The backlog is what was planned minus what the sink received: asking the sink is
            // cheap for us, unlike counting pending rows in the database every few milliseconds.
            var n = 0;
            while (!stop.IsCancellationRequested)
            {
                var backlog = (long)n * targetCount - (await SinkCountAsync().ConfigureAwait(false) - sentBefore);
                if (backlog > targetCount * 100)
                {
                    await Task.Delay(10).ConfigureAwait(false);
                    continue;
                }
                // Ten events at once, as concurrent webhook calls would arrive: one group commit.
                await Ingest(10, n).ConfigureAwait(false);
                n += 10;
            }
        });

        if (preload) await Task.Delay(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        else await WarmUpAsync().ConfigureAwait(false);
        var jitBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
        var startCount = await SinkCountAsync().ConfigureAwait(false);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds)).ConfigureAwait(false);
        var delivered = await SinkCountAsync().ConfigureAwait(false) - startCount;
        var elapsed = clock.Elapsed;
        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Console.WriteLine($"{(preload ? "outbox" : "end to end")}: {System.Runtime.JitInfo.GetCompiledMethodCount() - jitBefore} methods compiled while measuring.");

        await stop.CancelAsync().ConfigureAwait(false);
        await producer.ConfigureAwait(false);
        foreach (var service in Enumerable.Reverse(hosted)) await service.StopAsync(CancellationToken.None).ConfigureAwait(false);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        return new Measurement(delivered / elapsed.TotalSeconds, cpuUsed.TotalMicroseconds / Math.Max(1, delivered));
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

using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NotifyBridge.Domain.Accounts;
using NotifyBridge.Domain.Deliveries;
using NotifyBridge.Domain.Dispatch.Deferral;
using NotifyBridge.Domain.Events;
using NotifyBridge.Domain.Links;
using NotifyBridge.Domain.Providers;
using NotifyBridge.Domain.Targets;
using NotifyBridge.Infrastructure.Dispatch;
using NotifyBridge.Infrastructure.Identity;
using NotifyBridge.Infrastructure.Ingest;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Infrastructure.Providers;
using NotifyBridge.Infrastructure.Settings;

namespace NotifyBridge.Tests.TestSupport;

/// <summary>
/// The dispatch pipeline on a real database with a fake clock: ingest writer (and, on request,
/// the delivery worker) running, one owner and one Gitea provider, helpers to add targets and
/// links straight into the database and to ingest events.
/// </summary>
public sealed class DispatchTestBed : IAsyncDisposable
{
    private readonly TempDirectory? _ownedData;
    private readonly string _dataDirectory;
    private readonly List<Microsoft.Extensions.Hosting.IHostedService> _started = [];

    private DispatchTestBed(FakeTimeProvider clock, string? dataDirectory)
    {
        Clock = clock;
        if (dataDirectory is null) _ownedData = new TempDirectory("nb-dispatch");
        _dataDirectory = dataDirectory ?? _ownedData!.Path;
    }

    public FakeTimeProvider Clock { get; }
    public Microsoft.Extensions.DependencyInjection.ServiceProvider Services { get; private set; } = null!;
    public string OwnerId { get; private set; } = "";
    public ProviderView Provider { get; private set; } = null!;

    public static async Task<DispatchTestBed> StartAsync(
        DateTimeOffset now, string? postgresConnection = null, string timeZone = "UTC", Dictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configure = null, string? dataDirectory = null)
    {
        var bed = new DispatchTestBed(new FakeTimeProvider(now), dataDirectory);
        var config = new List<KeyValuePair<string, string?>>
        {
            new("Storage:DataDirectory", bed._dataDirectory),
            new("Database:Provider", postgresConnection is null ? "Sqlite" : "Postgres"),
            new("Database:ConnectionString", postgresConnection),
            new("Delivery:RetryBaseDelay", "00:00:01"),
            new("Delivery:PollInterval", "00:00:00.050"),
        };
        if (settings is not null) config.AddRange(settings);
        bed.Services = InfrastructureServices.Create(config, s =>
        {
            s.AddSingleton<TimeProvider>(bed.Clock);
            configure?.Invoke(s);
        });
        await bed.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        bed.Services.GetRequiredService<DatabaseReadiness>().MarkReady();
        await bed.StartHostedAsync(bed.Services.GetRequiredService<IngestWriter>());

        await using var scope = bed.Services.CreateAsyncScope();
        var (result, user) = await scope.ServiceProvider.GetRequiredService<UserAdministration>().CreateAsync("owner@example.test", "Passw0rd-owner", Roles.Admin);
        Assert.True(result.Succeeded, result.ErrorText);
        bed.OwnerId = user!.Id;
        bed.Provider = await bed.Services.GetRequiredService<ProviderService>().CreateAsync(bed.OwnerId, new ProviderInput("Forge", ProviderType.Gitea), CancellationToken.None);

        var appSettings = bed.Services.GetRequiredService<AppSettingsService>();
        var current = await appSettings.GetAsync(CancellationToken.None);
        current.TimeZoneId = timeZone;
        await appSettings.SaveAsync(current, CancellationToken.None);
        return bed;
    }

    /// <summary>Starts the delivery worker (tests that only plan leave it off).</summary>
    public Task StartWorkerAsync() => StartHostedAsync(Services.GetRequiredService<DeliveryWorker>());

    internal Task StopWorkerAsync() => StopHostedAsync(Services.GetRequiredService<DeliveryWorker>());

    private async Task StartHostedAsync(Microsoft.Extensions.Hosting.IHostedService service)
    {
        await service.StartAsync(CancellationToken.None);
        _started.Add(service);
    }

    private async Task StopHostedAsync(Microsoft.Extensions.Hosting.IHostedService service)
    {
        await service.StopAsync(CancellationToken.None);
        _started.Remove(service);
    }

    public async Task<NotifyBridgeDbContext> DbAsync() =>
        await Services.GetRequiredService<IDbContextFactory<NotifyBridgeDbContext>>().CreateDbContextAsync();

    public async Task<long> AddTargetAsync(string name, TargetType type, TargetSettings settings, TargetSecrets? secrets = null)
    {
        await using var db = await DbAsync();
        var protector = Services.GetRequiredService<NotifyBridge.Infrastructure.Security.ISecretProtector>();
        var target = new NotificationTarget
        {
            OwnerId = OwnerId, Name = name, Type = type, SettingsJson = TargetSettings.Write(settings),
            SecretsProtected = secrets is null ? null : protector.Protect(secrets.ToJson()),
            CreatedAt = Clock.GetUtcNow().UtcDateTime, UpdatedAt = Clock.GetUtcNow().UtcDateTime,
        };
        db.Targets.Add(target);
        await db.SaveChangesAsync();
        Services.GetRequiredService<NotifyBridge.Infrastructure.Targets.NotifierTargetResolver>().Invalidate();
        return target.Id;
    }

    public Task<long> AddWebhookTargetAsync(string name, string url) =>
        AddTargetAsync(name, TargetType.Webhook, new WebhookTargetSettings(url));

    public async Task<long> AddBroadcastAsync(string name, params long[] members)
    {
        var id = await AddTargetAsync(name, TargetType.Broadcast, new BroadcastTargetSettings());
        await using var db = await DbAsync();
        db.BroadcastMembers.AddRange(members.Select(m => new BroadcastMember { BroadcastTargetId = id, MemberTargetId = m }));
        await db.SaveChangesAsync();
        return id;
    }

    public async Task<NotificationLink> AddLinkAsync(long targetId, Action<NotificationLink>? configure = null)
    {
        await using var db = await DbAsync();
        var link = new NotificationLink
        {
            OwnerId = OwnerId, ProviderId = Provider.Id, TargetId = targetId,
            CreatedAt = Clock.GetUtcNow().UtcDateTime, UpdatedAt = Clock.GetUtcNow().UtcDateTime,
        };
        configure?.Invoke(link);
        db.Links.Add(link);
        await db.SaveChangesAsync();
        Services.GetRequiredService<LinkSnapshotCache>().Invalidate();
        return link;
    }

    public async Task<long> IngestAsync(string eventType = EventTypes.Push, string title = "pushed", string? collection = null,
        IEnumerable<string>? assetIds = null, EventSeverity severity = EventSeverity.Normal, string? actor = "anna", int assetsCount = 0)
    {
        var ids = assetIds?.ToList();
        var details = ids is null ? "{}" : System.Text.Json.JsonSerializer.Serialize(new { assetIds = ids });
        var result = await Services.GetRequiredService<IngestWriter>().WriteAsync(new EventLogEntry
        {
            OwnerId = OwnerId, ProviderId = Provider.Id, ProviderName = Provider.Name, EventType = eventType,
            Title = title, Summary = title, CollectionId = collection, CollectionName = collection is null ? null : collection + " album",
            Actor = actor, Severity = severity, DetailsJson = details, AssetsCount = ids?.Count ?? assetsCount,
        }, null, CancellationToken.None);
        return result.EventId!.Value;
    }

    public async Task<DispatchStatus> StatusOfAsync(long eventId)
    {
        await using var db = await DbAsync();
        return await db.Events.Where(e => e.Id == eventId).Select(e => e.DispatchStatus).SingleAsync();
    }

    public async Task<List<Delivery>> DeliveriesAsync()
    {
        await using var db = await DbAsync();
        return await db.Deliveries.AsNoTracking().OrderBy(d => d.Id).ToListAsync();
    }

    public async Task<List<DeferredDispatch>> HeldAsync()
    {
        await using var db = await DbAsync();
        return await db.DeferredDispatches.AsNoTracking().OrderBy(d => d.Id).ToListAsync();
    }

    public Task<int> DrainAsync() => Services.GetRequiredService<DeferredDispatchDrain>().DrainAsync(CancellationToken.None);

    /// <summary>Polls (real time, bounded) until the condition holds; the fake clock is not advanced.</summary>
    public static async Task WaitForAsync(Func<Task<bool>> condition, string what, int timeoutMs = 15_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for {what}.");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in Enumerable.Reverse(_started).ToList()) await service.StopAsync(CancellationToken.None);
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _ownedData?.Dispose();
    }
}

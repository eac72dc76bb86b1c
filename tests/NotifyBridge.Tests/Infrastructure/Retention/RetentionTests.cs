using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NotifyBridge.Domain.Accounts;
using NotifyBridge.Domain.Events;
using NotifyBridge.Domain.Providers;
using NotifyBridge.Infrastructure.Events;
using NotifyBridge.Infrastructure.Identity;
using NotifyBridge.Infrastructure.Ingest;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Infrastructure.Providers;
using NotifyBridge.Infrastructure.Retention;
using NotifyBridge.Infrastructure.Settings;
using NotifyBridge.Tests.TestSupport;

namespace NotifyBridge.Tests.Infrastructure.Retention;

/// <summary>Retention with a fake clock: old rows go, new rows stay, counters and search stay right.</summary>
public abstract class RetentionTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 10, 12, 0, 0, TimeSpan.Zero));
    private Microsoft.Extensions.DependencyInjection.ServiceProvider _services = null!;
    private string _owner = "";
    private ProviderView _provider = null!;

    protected abstract IEnumerable<KeyValuePair<string, string?>> DatabaseSettings();

    public async Task InitializeAsync()
    {
        _services = InfrastructureServices.Create(DatabaseSettings(), s => s.AddSingleton<TimeProvider>(_clock));
        await _services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        _services.GetRequiredService<DatabaseReadiness>().MarkReady();
        await _services.GetRequiredService<IngestWriter>().StartAsync(CancellationToken.None);
        await using var scope = _services.CreateAsyncScope();
        var (result, user) = await scope.ServiceProvider.GetRequiredService<UserAdministration>().CreateAsync("owner@example.test", "Passw0rd-owner", Roles.Admin);
        Assert.True(result.Succeeded, result.ErrorText);
        _owner = user!.Id;
        _provider = await _services.GetRequiredService<ProviderService>().CreateAsync(_owner, new ProviderInput("Forge", ProviderType.Gitea), CancellationToken.None);
    }

    private Task<IngestResult> IngestAsync(string title, string collection, int assets = 0) =>
        _services.GetRequiredService<IngestWriter>().WriteAsync(
            new EventLogEntry
            {
                OwnerId = _owner, ProviderId = _provider.Id, ProviderName = _provider.Name, EventType = "push",
                Title = title, Summary = "summary", CollectionName = collection, AssetsCount = assets,
            },
            new WebhookPayloadLogEntry { OwnerId = _owner, ProviderId = _provider.Id, Body = "{}", StatusCode = 200 },
            CancellationToken.None);

    [Fact]
    public async Task Run_DeletesOldRows_KeepsNew_CountersAndSearchStayRight()
    {
        var settings = _services.GetRequiredService<AppSettingsService>();
        var current = await settings.GetAsync(CancellationToken.None);
        current.RetentionDays = 30;
        await settings.SaveAsync(current, CancellationToken.None);

        await IngestAsync("ancient harbour photos", "harbour", assets: 5);     // day 0
        await IngestAsync("ancient mountain photos", "mountain", assets: 7);
        _clock.Advance(TimeSpan.FromDays(20));
        await IngestAsync("recent harbour sunset", "harbour", assets: 3);      // day 20
        _clock.Advance(TimeSpan.FromDays(15));                                  // now day 35: the first two are 35 days old

        var run = await _services.GetRequiredService<RetentionService>().RunAsync(CancellationToken.None);

        Assert.Null(run.Error);
        Assert.Equal(2 + 2, run.RowsDeleted); // two events and their two payload log rows
        var query = _services.GetRequiredService<EventLogQuery>();
        var left = Assert.Single((await query.PageAsync(_owner, new EventFilter(), null, 50, CancellationToken.None)).Items);
        Assert.Equal("recent harbour sunset", left.Title);

        var counter = Assert.Single(await query.ProviderCountsAsync(_owner, CancellationToken.None));
        Assert.Equal(1, counter.EventCount);
        Assert.Equal(3, counter.AssetCount);
        var buckets = await query.HourlyAsync(_owner, _clock.GetUtcNow().UtcDateTime.AddDays(-60), CancellationToken.None);
        Assert.Equal(1, Assert.Single(buckets).Count);

        var harbour = await query.PageAsync(_owner, new EventFilter(Search: "harbour"), null, 50, CancellationToken.None);
        Assert.Equal("recent harbour sunset", Assert.Single(harbour.Items).Title);
        Assert.Empty((await query.PageAsync(_owner, new EventFilter(Search: "mountain"), null, 50, CancellationToken.None)).Items);

        await using var db = await _services.GetRequiredService<IDbContextFactory<NotifyBridgeDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await db.WebhookPayloadLog.CountAsync());
    }

    [Fact]
    public async Task RetentionZero_KeepsEverything()
    {
        var settings = _services.GetRequiredService<AppSettingsService>();
        var current = await settings.GetAsync(CancellationToken.None);
        current.RetentionDays = 0;
        await settings.SaveAsync(current, CancellationToken.None);
        await IngestAsync("old", "a");
        _clock.Advance(TimeSpan.FromDays(4000));

        var run = await _services.GetRequiredService<RetentionService>().RunAsync(CancellationToken.None);
        Assert.Equal(0, run.RowsDeleted);
        Assert.Single((await _services.GetRequiredService<EventLogQuery>().PageAsync(_owner, new EventFilter(), null, 50, CancellationToken.None)).Items);
    }

    [Fact]
    public async Task RunIfDue_RunsOncePerNight_At3InTheAppTimeZone()
    {
        var settings = _services.GetRequiredService<AppSettingsService>();
        var current = await settings.GetAsync(CancellationToken.None);
        current.TimeZoneId = "Europe/Berlin";
        await settings.SaveAsync(current, CancellationToken.None);
        var retention = _services.GetRequiredService<RetentionService>();

        _clock.SetUtcNow(new DateTimeOffset(2026, 1, 11, 1, 59, 0, TimeSpan.Zero)); // 02:59 in Berlin (UTC+1)
        Assert.Null(await retention.RunIfDueAsync(CancellationToken.None));
        _clock.SetUtcNow(new DateTimeOffset(2026, 1, 11, 2, 0, 0, TimeSpan.Zero));  // 03:00 in Berlin
        Assert.NotNull(await retention.RunIfDueAsync(CancellationToken.None));
        _clock.Advance(TimeSpan.FromHours(5));
        Assert.Null(await retention.RunIfDueAsync(CancellationToken.None));
        _clock.SetUtcNow(new DateTimeOffset(2026, 1, 12, 2, 5, 0, TimeSpan.Zero));
        Assert.NotNull(await retention.RunIfDueAsync(CancellationToken.None));
        Assert.Equal(2, (await retention.RowCountsAsync(CancellationToken.None)).Single(c => c.Table == "RetentionRuns").Rows);
    }

    public async Task DisposeAsync()
    {
        await _services.GetRequiredService<IngestWriter>().StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }
}

public sealed class SqliteRetentionTests : RetentionTests, IDisposable
{
    private readonly TempDirectory _data = new("nb-retention");

    protected override IEnumerable<KeyValuePair<string, string?>> DatabaseSettings() =>
        [new("Database:Provider", "Sqlite"), new("Storage:DataDirectory", _data.Path)];

    public void Dispose() => _data.Dispose();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresRetentionTests(PostgresCluster cluster) : RetentionTests, IDisposable
{
    private readonly TempDirectory _data = new("nb-retention");
    private readonly string _connection = cluster.ConnectionStringFor(PostgresCluster.NewDatabaseName());

    protected override IEnumerable<KeyValuePair<string, string?>> DatabaseSettings() =>
        [new("Database:Provider", "Postgres"), new("Database:ConnectionString", _connection), new("Storage:DataDirectory", _data.Path)];

    public void Dispose() => _data.Dispose();
}

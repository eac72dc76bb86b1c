using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotifyBridge.Domain.Deliveries;
using NotifyBridge.Domain.Events;
using NotifyBridge.Domain.Providers;
using NotifyBridge.Domain.Targets;
using NotifyBridge.Infrastructure.Identity;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Infrastructure.Providers;
using NotifyBridge.Infrastructure.Targets;

namespace NotifyBridge.Tests.TestSupport.Admin;

/// <summary>
/// The infrastructure container on a migrated temp SQLite file with <see cref="AdminFakes"/>,
/// a signed-up owner, and shortcuts to create targets, providers, events and deliveries.
/// </summary>
public abstract class AdminServicesTestBase : IAsyncLifetime
{
    private readonly TempDirectory _data = new("nb-admin");

    protected Microsoft.Extensions.DependencyInjection.ServiceProvider Services { get; private set; } = null!;
    protected string Owner { get; private set; } = "";
    protected CancellationToken Ct => CancellationToken.None;

    protected T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>What replaces real services; the fakes by default, nothing for tests against real notifiers.</summary>
    protected virtual Action<IServiceCollection>? Replacements => AdminFakes.Replace;

    public virtual async Task InitializeAsync()
    {
        Services = InfrastructureServices.ForSqlite(_data.Path, Replacements);
        await Get<DatabaseMigrator>().MigrateAsync(Ct);
        Owner = await CreateUserAsync("owner@example.test");
    }

    protected async Task<string> CreateUserAsync(string email)
    {
        await using var scope = Services.CreateAsyncScope();
        var (result, user) = await scope.ServiceProvider.GetRequiredService<UserAdministration>().CreateAsync(email, "password123", "User");
        Assert.True(result.Succeeded, result.ErrorText);
        return user!.Id;
    }

    protected Task<TargetView> WebhookAsync(string name, string url = "http://127.0.0.1:9/hook", bool enabled = true, string? owner = null) =>
        Get<TargetService>().CreateAsync(owner ?? Owner, new TargetInput(name, TargetType.Webhook, new WebhookTargetSettings(url), enabled), Ct);

    protected Task<TargetView> BroadcastAsync(string name, params long[] members) =>
        Get<TargetService>().CreateAsync(Owner, new TargetInput(name, TargetType.Broadcast, new BroadcastTargetSettings(), MemberIds: members), Ct);

    protected Task<ProviderView> ProviderAsync(string name = "Forge", string? owner = null) =>
        Get<ProviderService>().CreateAsync(owner ?? Owner, new ProviderInput(name, ProviderType.Gitea), Ct);

    protected async Task<EventLogEntry> EventAsync(ProviderView provider, string title)
    {
        var entry = new EventLogEntry
        {
            OwnerId = Owner, ProviderId = provider.Id, ProviderName = provider.Name, EventType = EventTypes.Push,
            Title = title, CreatedAt = DateTime.UtcNow,
        };
        await using var db = await Get<IDbContextFactory<NotifyBridgeDbContext>>().CreateDbContextAsync();
        db.Events.Add(entry);
        await db.SaveChangesAsync();
        return entry;
    }

    protected async Task<Delivery> DeliveryAsync(long targetId, DeliveryStatus status, long? eventId = null, int attempts = 0, string? error = null)
    {
        var now = DateTime.UtcNow;
        var delivery = new Delivery
        {
            EventId = eventId, TargetId = targetId, Status = status, Attempts = attempts, LastError = error,
            NextAttemptAt = now.AddHours(1), IdempotencyKey = Delivery.NewIdempotencyKey(), CreatedAt = now, UpdatedAt = now,
        };
        await using var db = await Get<IDbContextFactory<NotifyBridgeDbContext>>().CreateDbContextAsync();
        db.Deliveries.Add(delivery);
        await db.SaveChangesAsync();
        return delivery;
    }

    protected async Task<Delivery> ReloadAsync(long deliveryId)
    {
        await using var db = await Get<IDbContextFactory<NotifyBridgeDbContext>>().CreateDbContextAsync();
        return await db.Deliveries.AsNoTracking().SingleAsync(d => d.Id == deliveryId);
    }

    public virtual async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _data.Dispose();
    }
}

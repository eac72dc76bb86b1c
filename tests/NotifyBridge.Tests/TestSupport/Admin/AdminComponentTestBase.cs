using System.Security.Claims;
using Bunit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotifyBridge.Domain.Deliveries;
using NotifyBridge.Domain.Events;
using NotifyBridge.Domain.Providers;
using NotifyBridge.Domain.Targets;
using NotifyBridge.Infrastructure.Deliveries;
using NotifyBridge.Infrastructure.Events;
using NotifyBridge.Infrastructure.Identity;
using NotifyBridge.Infrastructure.Links;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Infrastructure.Providers;
using NotifyBridge.Infrastructure.Settings;
using NotifyBridge.Infrastructure.Targets;

namespace NotifyBridge.Tests.TestSupport.Admin;

/// <summary>
/// bUnit tests of the targets, links and deliveries pages: like <see cref="InfrastructureComponentTestBase"/>
/// (real services on a migrated temp SQLite file, a signed-in user) but with <see cref="AdminFakes"/>.
/// </summary>
public abstract class AdminComponentTestBase : MudComponentTestBase
{
    private readonly TempDirectory _data = new("nb-bunit-admin");

    protected Microsoft.Extensions.DependencyInjection.ServiceProvider Infrastructure { get; private set; } = null!;
    protected string UserId { get; private set; } = "";
    protected static CancellationToken Ct => CancellationToken.None;

    protected T Get<T>() where T : notnull => Infrastructure.GetRequiredService<T>();

    public override async Task InitializeAsync()
    {
        Infrastructure = InfrastructureServices.ForSqlite(_data.Path, AdminFakes.Replace);
        await Get<DatabaseMigrator>().MigrateAsync(Ct);
        foreach (var type in new[]
                 {
                     typeof(AppSettingsService), typeof(EventLogQuery), typeof(ProviderService), typeof(TargetService), typeof(TelegramBotService),
                     typeof(TargetTester), typeof(LinkService), typeof(DeliveryQuery), typeof(DeliveryRedelivery), typeof(TimeProvider),
                     typeof(FakeNotifiers), typeof(FakeTelegramBotCheck), typeof(IDeliveryStream),
                 })
            Services.AddSingleton(type, Infrastructure.GetRequiredService(type));

        await using var scope = Infrastructure.CreateAsyncScope();
        var (result, user) = await scope.ServiceProvider.GetRequiredService<UserAdministration>().CreateAsync("owner@example.test", "password123", "User");
        Assert.True(result.Succeeded, result.ErrorText);
        UserId = user!.Id;
        AddAuthorization().SetAuthorized("owner@example.test").SetClaims(new Claim(ClaimTypes.NameIdentifier, UserId));
    }

    protected Task<TargetView> WebhookAsync(string name, bool enabled = true) =>
        Get<TargetService>().CreateAsync(UserId, new TargetInput(name, TargetType.Webhook, new WebhookTargetSettings("http://127.0.0.1:9/hook"), enabled), Ct);

    protected Task<ProviderView> ProviderAsync(string name = "Forge") =>
        Get<ProviderService>().CreateAsync(UserId, new ProviderInput(name, ProviderType.Gitea), Ct);

    protected async Task<EventLogEntry> EventAsync(ProviderView provider, string title)
    {
        var entry = new EventLogEntry
        {
            OwnerId = UserId, ProviderId = provider.Id, ProviderName = provider.Name, EventType = EventTypes.Push, Title = title, CreatedAt = DateTime.UtcNow,
        };
        await using var db = await Get<IDbContextFactory<NotifyBridgeDbContext>>().CreateDbContextAsync();
        db.Events.Add(entry);
        await db.SaveChangesAsync();
        return entry;
    }

    protected async Task<Delivery> DeliveryAsync(long targetId, DeliveryStatus status, long? eventId = null, string? error = null, int attempts = 1)
    {
        var now = DateTime.UtcNow;
        var delivery = new Delivery
        {
            TargetId = targetId, EventId = eventId, Status = status, Attempts = attempts, LastError = error,
            IdempotencyKey = Delivery.NewIdempotencyKey(), NextAttemptAt = now, CreatedAt = now, UpdatedAt = now,
        };
        await using var db = await Get<IDbContextFactory<NotifyBridgeDbContext>>().CreateDbContextAsync();
        db.Deliveries.Add(delivery);
        await db.SaveChangesAsync();
        return delivery;
    }

    /// <summary>Moves a delivery on, as the worker would.</summary>
    protected async Task SetStatusAsync(long deliveryId, DeliveryStatus status, int attempts, string? error = null)
    {
        await using var db = await Get<IDbContextFactory<NotifyBridgeDbContext>>().CreateDbContextAsync();
        await db.Deliveries.Where(d => d.Id == deliveryId).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.Status, status).SetProperty(d => d.Attempts, attempts).SetProperty(d => d.LastError, error));
    }

    protected override async Task CleanUpAsync()
    {
        await Infrastructure.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _data.Dispose();
    }
}

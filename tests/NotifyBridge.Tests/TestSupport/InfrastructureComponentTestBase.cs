using System.Security.Claims;
using Bunit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotifyBridge.Domain.Accounts;
using NotifyBridge.Domain.Events;
using NotifyBridge.Infrastructure.Dashboard;
using NotifyBridge.Infrastructure.Events;
using NotifyBridge.Infrastructure.Identity;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Infrastructure.Providers;
using NotifyBridge.Infrastructure.Retention;
using NotifyBridge.Infrastructure.Settings;
using NotifyBridge.Web.Auth;

namespace NotifyBridge.Tests.TestSupport;

/// <summary>
/// bUnit tests of pages that read real data: the infrastructure container on a migrated
/// temp SQLite file, its singletons registered for the components, and a real signed-in user.
/// </summary>
public abstract class InfrastructureComponentTestBase : MudComponentTestBase
{
    private readonly TempDirectory _data = new("nb-bunit");

    protected Microsoft.Extensions.DependencyInjection.ServiceProvider Infrastructure { get; private set; } = null!;

    protected string UserId { get; private set; } = "";

    protected T Get<T>() where T : notnull => Infrastructure.GetRequiredService<T>();

    public override async Task InitializeAsync()
    {
        Infrastructure = InfrastructureServices.ForSqlite(_data.Path);
        await Get<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        Services.AddSingleton(Get<AppSettingsService>());
        Services.AddSingleton(Get<EventLogQuery>());
        Services.AddSingleton(Get<ProviderService>());
        Services.AddSingleton(Get<IEventStream>());
        Services.AddSingleton(Get<RetentionService>());
        Services.AddSingleton(Get<DashboardSummaryQuery>());
        Services.AddSingleton(Get<TimeProvider>());
    }

    /// <summary>Creates a user in the database and signs the component tests in as that user.</summary>
    protected async Task SignInAsync(string email = "owner@example.test", bool admin = false)
    {
        await using var scope = Infrastructure.CreateAsyncScope();
        var (result, user) = await scope.ServiceProvider.GetRequiredService<UserAdministration>()
            .CreateAsync(email, "password123", admin ? Roles.Admin : Roles.User);
        Assert.True(result.Succeeded, result.ErrorText);
        UserId = user!.Id;
        var auth = AddAuthorization();
        auth.SetAuthorized(email).SetClaims(new Claim(ClaimTypes.NameIdentifier, UserId));
        if (admin) auth.SetRoles(Roles.Admin).SetPolicies(Policies.Admin);
    }

    /// <summary>Stores events the way the ingest writer does: rows and counters in one transaction.</summary>
    protected async Task<IReadOnlyList<EventLogEntry>> InsertEventsAsync(params EventLogEntry[] events)
    {
        var factory = Get<IDbContextFactory<NotifyBridgeDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        db.Events.AddRange(events);
        await db.SaveChangesAsync();
        await EventCounters.OnInsertedAsync(db, events);
        await transaction.CommitAsync();
        return events;
    }

    protected EventLogEntry NewEvent(ProviderView provider, string title, DateTime createdAt, string eventType = "push") => new()
    {
        OwnerId = UserId,
        ProviderId = provider.Id,
        ProviderName = provider.Name,
        EventType = eventType,
        Title = title,
        Summary = $"{title} summary",
        CollectionName = "main-repo",
        CreatedAt = createdAt,
        DetailsJson = """{"ref":"refs/heads/main"}""",
    };

    protected override async Task CleanUpAsync()
    {
        await Infrastructure.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _data.Dispose();
    }
}

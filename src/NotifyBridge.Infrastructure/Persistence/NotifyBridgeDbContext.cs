using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using NotifyBridge.Domain.Accounts;
using NotifyBridge.Domain.Deliveries;
using NotifyBridge.Domain.Dispatch.Deferral;
using NotifyBridge.Domain.Links;
using NotifyBridge.Domain.Targets;
using NotifyBridge.Domain.Templates;
using NotifyBridge.Domain.Events;
using NotifyBridge.Domain.Providers;
using NotifyBridge.Domain.Retention;
using NotifyBridge.Domain.Settings;
using NotifyBridge.Infrastructure.Identity;

namespace NotifyBridge.Infrastructure.Persistence;

/// <summary>
/// The one model. Each database provider has a thin subclass
/// (<see cref="SqliteNotifyBridgeDbContext"/>, <see cref="PostgresNotifyBridgeDbContext"/>)
/// that owns its own migration set, because one migration set cannot serve both providers.
/// Application code only ever sees this base type.
/// </summary>
public abstract class NotifyBridgeDbContext(DbContextOptions options)
    : IdentityDbContext<ApplicationUser>(options), IDataProtectionKeyContext
{
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<AppSettings> AppSettings => Set<AppSettings>();
    public DbSet<ServiceProvider> Providers => Set<ServiceProvider>();
    public DbSet<EventLogEntry> Events => Set<EventLogEntry>();
    public DbSet<ProviderEventCounter> ProviderEventCounters => Set<ProviderEventCounter>();
    public DbSet<WebhookPayloadLogEntry> WebhookPayloadLog => Set<WebhookPayloadLogEntry>();
    public DbSet<EventHourlyCount> EventHourlyCounts => Set<EventHourlyCount>();
    public DbSet<RetentionRun> RetentionRuns => Set<RetentionRun>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<NotificationTarget> Targets => Set<NotificationTarget>();
    public DbSet<TelegramBot> TelegramBots => Set<TelegramBot>();
    public DbSet<BroadcastMember> BroadcastMembers => Set<BroadcastMember>();
    public DbSet<NotificationLink> Links => Set<NotificationLink>();
    public DbSet<MessageTemplate> MessageTemplates => Set<MessageTemplate>();
    public DbSet<Delivery> Deliveries => Set<Delivery>();
    public DbSet<DeferredDispatch> DeferredDispatches => Set<DeferredDispatch>();
    public DbSet<DeferredDispatchEvent> DeferredDispatchEvents => Set<DeferredDispatchEvent>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(NotifyBridgeDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every DateTime is UTC. SQLite hands values back with Kind=Unspecified and Npgsql
        // refuses non-UTC values for timestamptz, so one converter keeps both honest.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }
}

/// <summary>SQLite flavour of the model; migrations live in Persistence/Migrations/Sqlite.</summary>
public sealed class SqliteNotifyBridgeDbContext(DbContextOptions<SqliteNotifyBridgeDbContext> options)
    : NotifyBridgeDbContext(options);

/// <summary>PostgreSQL flavour of the model; migrations live in Persistence/Migrations/Postgres.</summary>
public sealed class PostgresNotifyBridgeDbContext(DbContextOptions<PostgresNotifyBridgeDbContext> options)
    : NotifyBridgeDbContext(options);

using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NotifyBridge.Domain.Events;
using NotifyBridge.Infrastructure.Dispatch;
using NotifyBridge.Infrastructure.Events;
using NotifyBridge.Infrastructure.Identity;
using NotifyBridge.Infrastructure.Ingest;
using NotifyBridge.Infrastructure.Jobs;
using NotifyBridge.Infrastructure.Net;
using NotifyBridge.Infrastructure.Providers;
using NotifyBridge.Infrastructure.Retention;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Infrastructure.Security;
using NotifyBridge.Infrastructure.Settings;
using NotifyBridge.Infrastructure.Startup;

namespace NotifyBridge.Infrastructure;

public static class DependencyInjection
{
    /// <summary>Everything but the web: persistence, identity stores, secrets, settings.</summary>
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddPersistence(configuration);
        services.AddSecrets();
        services.AddIdentityStores();
        services.AddSingleton<AppSettingsService>();
        services.AddSingleton<ApiTokenService>();
        services.AddSingleton<FirstRunSetup>();
        services.AddSingleton<Dashboard.DashboardSummaryQuery>();
        services.AddOutboundHttp();
        services.AddEventLog(configuration);
        services.AddDispatch();
        Templates.TemplateRegistration.AddTemplates(services);
        Targets.TargetAdministrationRegistration.AddTargetAdministration(services);
        return services;
    }

    /// <summary>A table that grows joins the nightly retention run with this one line.</summary>
    public static IServiceCollection AddRetentionPolicy<TPolicy>(this IServiceCollection services)
        where TPolicy : class, IRetentionPolicy
    {
        services.AddSingleton<IRetentionPolicy, TPolicy>();
        return services;
    }

    private static void AddEventLog(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.Section))
            .Validate(o => o.MaxBodyBytes > 0 && o.PayloadLogKeep > 0 && o.PayloadLogSlack > 0 && o.MaxBatchSize > 0 && o.RateLimitPerMinute > 0,
                "Webhooks settings must be positive numbers.")
            .ValidateOnStart();
        services.AddSingleton<IEventStream, InProcessEventStream>();
        services.AddSingleton<EventLogQuery>();
        services.AddSingleton<ProviderService>();
        services.AddSingleton<IngestWriter>();
        services.AddSingleton<WebhookProviderLookup>();
        services.AddSingleton<WebhookRateLimiter>();
        services.AddSingleton<WebhookIngestService>();
        services.AddSingleton<RetentionService>();
        services.AddSingleton<Seeding.EventSeeder>();
        services.AddRetentionPolicy<EventLogRetentionPolicy>();
        services.AddRetentionPolicy<PayloadLogRetentionPolicy>();
        services.AddRetentionPolicy<RetentionRunHistoryPolicy>();
        services.AddJobs();
    }

    /// <summary>For the long-running server only (not the command line).</summary>
    public static IServiceCollection AddInfrastructureHostedServices(this IServiceCollection services)
    {
        services.AddHostedService<DatabaseStartupService>();
        services.AddHostedService(sp => sp.GetRequiredService<IngestWriter>());
        services.AddDeliveryWorker();
        return services;
    }

    /// <summary>
    /// Data Protection loads the key ring in a hosted service at start-up. On PostgreSQL the
    /// ring lives in the database, which may not exist or be migrated yet at that moment
    /// (migrations run in the background). Loading it on first use is safe: nothing
    /// protects or unprotects data before readiness. Call after every registration, since
    /// authentication and antiforgery re-add the service.
    /// </summary>
    public static IServiceCollection DeferDataProtectionKeyLoading(this IServiceCollection services)
    {
        var eager = services.Where(d => d.ServiceType == typeof(Microsoft.Extensions.Hosting.IHostedService)
            && d.ImplementationType?.Name == "DataProtectionHostedService").ToList();
        foreach (var descriptor in eager) services.Remove(descriptor);
        return services;
    }

    private static void AddSecrets(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("NotifyBridge");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureKeyStorage(sp));
        services.AddSingleton<ISecretProtector, SecretProtector>();
    }

    private static void AddIdentityStores(this IServiceCollection services)
    {
        services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 8;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequireUppercase = false;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
                options.SignIn.RequireConfirmedAccount = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<NotifyBridgeDbContext>()
            .AddDefaultTokenProviders();
        services.AddScoped<UserAdministration>();
    }
}

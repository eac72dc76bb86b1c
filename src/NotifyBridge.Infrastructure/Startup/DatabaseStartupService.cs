using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NotifyBridge.Infrastructure.Identity;
using NotifyBridge.Infrastructure.Persistence;

namespace NotifyBridge.Infrastructure.Startup;

/// <summary>
/// Brings the database up in the background so the HTTP listener (and liveness) start
/// first: migrate, create the unattended admin if configured, then flip readiness.
/// </summary>
internal sealed partial class DatabaseStartupService(
    DatabaseMigrator migrator,
    DatabaseReadiness readiness,
    IServiceScopeFactory scopeFactory,
    IConfiguration configuration,
    ILogger<DatabaseStartupService> logger) : BackgroundService
{
    public const string AdminEmailKey = "NOTIFYBRIDGE_ADMIN_EMAIL";
    public const string AdminPasswordKey = "NOTIFYBRIDGE_ADMIN_PASSWORD";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            readiness.MarkMigrating();
            await migrator.MigrateAsync(stoppingToken).ConfigureAwait(false);
            await CreateConfiguredAdminAsync(stoppingToken).ConfigureAwait(false);
            readiness.MarkReady();
            LogReady(logger);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // readiness must report any failure instead of crashing the host silently
        catch (Exception ex)
#pragma warning restore CA1031
        {
            readiness.MarkFailed(ex.Message);
            LogFailed(logger, ex);
        }
    }

    private async Task CreateConfiguredAdminAsync(CancellationToken cancellationToken)
    {
        var email = configuration[AdminEmailKey];
        var password = configuration[AdminPasswordKey];
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password)) return;

        await using var scope = scopeFactory.CreateAsyncScope();
        var setup = scope.ServiceProvider.GetRequiredService<FirstRunSetup>();
        if (!await setup.IsRequiredAsync(cancellationToken).ConfigureAwait(false)) return;
        var (result, _) = await setup.CreateFirstAdminAsync(email, password, cancellationToken).ConfigureAwait(false);
        if (result.Succeeded) LogAdminCreated(logger, email);
        else LogAdminFailed(logger, email, result.ErrorText);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database ready.")]
    private static partial void LogReady(ILogger logger);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Database start-up failed; /api/ready stays 503.")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created admin {Email} from NOTIFYBRIDGE_ADMIN_EMAIL.")]
    private static partial void LogAdminCreated(ILogger logger, string email);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not create admin {Email} from the environment: {Errors}")]
    private static partial void LogAdminFailed(ILogger logger, string email, string errors);
}

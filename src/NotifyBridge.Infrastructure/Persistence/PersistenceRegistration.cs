using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NotifyBridge.Infrastructure.Persistence.Interceptors;

namespace NotifyBridge.Infrastructure.Persistence;

internal static class PersistenceRegistration
{
    public static IServiceCollection AddPersistence(this IServiceCollection services, IConfiguration configuration)
    {
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        services.AddSingleton(Options.Create(database));
        services.AddSingleton(Options.Create(storage));

        switch (database.Provider)
        {
            case DatabaseProvider.Sqlite:
                var connectionString = SqliteTuning.BuildConnectionString(database.ConnectionString, storage.DefaultSqlitePath);
                services.AddSingleton<SqliteWriteGate>();
                services.AddPooledDbContextFactory<SqliteNotifyBridgeDbContext>((sp, options) =>
                    ConfigureSqlite(options, connectionString, sp.GetRequiredService<SqliteWriteGate>()));
                services.AddSingleton<IDbContextFactory<NotifyBridgeDbContext>>(sp =>
                    new DbContextFactoryAdapter<SqliteNotifyBridgeDbContext>(sp.GetRequiredService<IDbContextFactory<SqliteNotifyBridgeDbContext>>()));
                break;
            case DatabaseProvider.Postgres:
                if (string.IsNullOrWhiteSpace(database.ConnectionString))
                    throw new OptionsValidationException(DatabaseOptions.Section, typeof(DatabaseOptions),
                        ["Database:ConnectionString is required when Database:Provider is postgres."]);
                services.AddPooledDbContextFactory<PostgresNotifyBridgeDbContext>(options => ConfigurePostgres(options, database.ConnectionString));
                services.AddSingleton<IDbContextFactory<NotifyBridgeDbContext>>(sp =>
                    new DbContextFactoryAdapter<PostgresNotifyBridgeDbContext>(sp.GetRequiredService<IDbContextFactory<PostgresNotifyBridgeDbContext>>()));
                break;
            default:
                throw new OptionsValidationException(DatabaseOptions.Section, typeof(DatabaseOptions),
                    [$"Unknown Database:Provider '{database.Provider}'. Use sqlite or postgres."]);
        }

        // Identity's stores and Data Protection want a scoped context; everything else uses the factory.
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<NotifyBridgeDbContext>>().CreateDbContext());
        services.AddSingleton<DatabaseReadiness>();
        services.AddSingleton<DatabaseMigrator>();
        return services;
    }

    public static void ConfigureSqlite(DbContextOptionsBuilder options, string connectionString, SqliteWriteGate gate)
    {
        options.UseSqlite(connectionString, sqlite => sqlite.MigrationsHistoryTable("__EFMigrationsHistory"))
            .AddInterceptors(
                new SqlitePragmaInterceptor(),
                new SqliteWriteGateSaveChangesInterceptor(gate),
                new SqliteWriteGateTransactionInterceptor(gate),
                new SqliteWriteGateConnectionInterceptor(gate));
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.AmbientTransactionWarning));
    }

    public static void ConfigurePostgres(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString);
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NotifyBridge.Infrastructure.Persistence.Interceptors;

namespace NotifyBridge.Infrastructure.Persistence;

internal static class PersistenceRegistration
{
    public static IServiceCollection AddPersistence(this IServiceCollection services, IConfiguration configuration)
    {
        // Options are read when first resolved, not here: hosts (and test factories) may
        // still add configuration after services are registered.
        services.AddOptions<DatabaseOptions>().Bind(configuration.GetSection(DatabaseOptions.Section))
            .Validate(o => Enum.IsDefined(o.Provider), "Database:Provider must be sqlite or postgres.")
            .Validate(o => o.Provider != DatabaseProvider.Postgres || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Database:ConnectionString is required when Database:Provider is postgres.")
            .ValidateOnStart();
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section));

        services.AddSingleton<SqliteWriteGate>();
        services.AddPooledDbContextFactory<SqliteNotifyBridgeDbContext>((sp, options) =>
            ConfigureSqlite(options, SqliteConnectionString(sp), sp.GetRequiredService<SqliteWriteGate>()));
        services.AddPooledDbContextFactory<PostgresNotifyBridgeDbContext>((sp, options) =>
            ConfigurePostgres(options, sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString!));
        services.AddSingleton<IDbContextFactory<NotifyBridgeDbContext>>(sp =>
            sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider switch
            {
                DatabaseProvider.Postgres => new DbContextFactoryAdapter<PostgresNotifyBridgeDbContext>(
                    sp.GetRequiredService<IDbContextFactory<PostgresNotifyBridgeDbContext>>()),
                _ => new DbContextFactoryAdapter<SqliteNotifyBridgeDbContext>(
                    sp.GetRequiredService<IDbContextFactory<SqliteNotifyBridgeDbContext>>()),
            });

        // Identity's stores and Data Protection want a scoped context; everything else uses the factory.
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<NotifyBridgeDbContext>>().CreateDbContext());
        services.AddSingleton<DatabaseReadiness>();
        services.AddSingleton<DatabaseMigrator>();
        return services;
    }

    private static string SqliteConnectionString(IServiceProvider services) =>
        SqliteTuning.BuildConnectionString(
            services.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString,
            services.GetRequiredService<IOptions<StorageOptions>>().Value.DefaultSqlitePath);

    public static void ConfigureSqlite(DbContextOptionsBuilder options, string connectionString, SqliteWriteGate gate)
    {
        options.UseSqlite(connectionString, o => o.UseParameterizedCollectionMode(CollectionsAsOneParameter))
            .AddInterceptors(
                new SqlitePragmaInterceptor(),
                new SqliteWriteGateSaveChangesInterceptor(gate),
                new SqliteWriteGateTransactionInterceptor(gate),
                new SqliteWriteGateConnectionInterceptor(gate),
                new SqliteWriteGateCommandInterceptor(gate));
    }

    public static void ConfigurePostgres(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, o => o.UseParameterizedCollectionMode(CollectionsAsOneParameter));

    /// <summary>
    /// <c>ids.Contains(x)</c> becomes one array parameter (SQLite <c>json_each(@ids)</c>, PostgreSQL
    /// <c>= ANY(@ids)</c>) instead of EF 10's default of one parameter per element: the hot paths
    /// pass a few hundred ids at a time, and per-element parameters meant new SQL text for every
    /// count, so SQL generation, statement preparation and SQLite's name lookup (linear per
    /// parameter) on every call.
    /// </summary>
    private const ParameterTranslationMode CollectionsAsOneParameter = ParameterTranslationMode.Parameter;
}

using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace NotifyBridge.Infrastructure.Persistence;

public sealed record MigrationReport(IReadOnlyList<string> Applied, string? SnapshotPath)
{
    public bool NothingToDo => Applied.Count == 0;
}

/// <summary>
/// Applies pending migrations, and only those. With nothing pending it performs a single
/// read of the history table: no write transaction, no schema probing. Before migrating an
/// existing SQLite file it takes a consistent snapshot with <c>VACUUM INTO</c>.
/// </summary>
public sealed partial class DatabaseMigrator(
    IDbContextFactory<NotifyBridgeDbContext> contextFactory,
    IOptions<DatabaseOptions> databaseOptions,
    IOptions<StorageOptions> storageOptions,
    TimeProvider timeProvider,
    ILogger<DatabaseMigrator> logger)
{
    public async Task<MigrationReport> MigrateAsync(CancellationToken cancellationToken)
    {
        var isSqlite = databaseOptions.Value.Provider == DatabaseProvider.Sqlite;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (isSqlite) EnsureSqliteDirectory(db);

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false)).ToList();
        if (pending.Count == 0)
        {
            LogUpToDate(logger);
            return new MigrationReport([], null);
        }

        string? snapshot = null;
        if (isSqlite)
        {
            var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken).ConfigureAwait(false)).ToList();
            if (applied.Count > 0) snapshot = await SnapshotSqliteAsync(db, applied[^1], cancellationToken).ConfigureAwait(false);
            // WAL is a persistent property of the file: set it once, when the schema changes.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        }

        LogApplying(logger, pending.Count, string.Join(", ", pending));
        await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        return new MigrationReport(pending, snapshot);
    }

    public async Task<IReadOnlyList<string>> GetPendingAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (databaseOptions.Value.Provider == DatabaseProvider.Sqlite) EnsureSqliteDirectory(db);
        return [.. await db.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false)];
    }

    private static void EnsureSqliteDirectory(NotifyBridgeDbContext db)
    {
        var path = SqliteTuning.DatabaseFilePath(db.Database.GetConnectionString()!);
        if (path is not null) Directory.CreateDirectory(Path.GetDirectoryName(path)!);
    }

    private async Task<string> SnapshotSqliteAsync(NotifyBridgeDbContext db, string lastApplied, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(storageOptions.Value.BackupDirectory);
        var stamp = timeProvider.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var target = Path.Combine(storageOptions.Value.BackupDirectory, $"notifybridge-{stamp}-before-{lastApplied}.db");
        // VACUUM INTO takes a transactionally consistent copy while the file stays usable.
        var quoted = new SqliteConnectionStringBuilder { DataSource = target }.DataSource.Replace("'", "''", StringComparison.Ordinal);
#pragma warning disable EF1002 // the path is ours (data directory + timestamp), not user input
        await db.Database.ExecuteSqlRawAsync($"VACUUM INTO '{quoted}'", cancellationToken).ConfigureAwait(false);
#pragma warning restore EF1002
        LogSnapshot(logger, target);
        return target;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database schema is up to date; no migrations to apply.")]
    private static partial void LogUpToDate(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying {Count} migration(s): {Migrations}")]
    private static partial void LogApplying(ILogger logger, int count, string migrations);

    [LoggerMessage(Level = LogLevel.Information, Message = "Snapshot of the database taken before migrating: {Path}")]
    private static partial void LogSnapshot(ILogger logger, string path);
}

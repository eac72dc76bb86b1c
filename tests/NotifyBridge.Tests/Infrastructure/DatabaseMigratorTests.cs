using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Tests.TestSupport;

namespace NotifyBridge.Tests.Infrastructure;

public sealed class DatabaseMigratorTests : IDisposable
{
    private readonly TempDirectory _data = new("nb-migrate");

    private string DatabasePath => Path.Combine(_data.Path, "notifybridge.db");

    [Fact]
    public async Task FreshFile_IsMigrated_InWalMode_WithoutSnapshot()
    {
        await using var services = InfrastructureServices.ForSqlite(_data.Path);
        var report = await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);

        Assert.NotEmpty(report.Applied);
        Assert.Null(report.SnapshotPath);
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task SecondRun_WithNothingPending_WritesNothing()
    {
        await using (var first = InfrastructureServices.ForSqlite(_data.Path))
            await first.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        SqliteConnection.ClearAllPools();
        Checkpoint();
        var before = Fingerprint();

        await using (var second = InfrastructureServices.ForSqlite(_data.Path))
        {
            var report = await second.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
            Assert.True(report.NothingToDo);
            Assert.Null(report.SnapshotPath);
        }
        SqliteConnection.ClearAllPools();

        // A write transaction would have grown the WAL or changed the main file.
        Assert.Equal(before, Fingerprint());
    }

    [Fact]
    public async Task ExistingFile_WithPendingMigrations_IsSnapshottedFirst()
    {
        // An install from an older release: it has data and a migration history, but not
        // the migrations this build brings.
        await using (var old = new SqliteConnection($"Data Source={DatabasePath};Pooling=false"))
        {
            await old.OpenAsync();
            await using var command = old.CreateCommand();
            command.CommandText = """
                CREATE TABLE "__EFMigrationsHistory" ("MigrationId" TEXT NOT NULL PRIMARY KEY, "ProductVersion" TEXT NOT NULL);
                INSERT INTO "__EFMigrationsHistory" VALUES ('20200101000000_Legacy', '10.0.15');
                CREATE TABLE legacy_marker (value INTEGER);
                INSERT INTO legacy_marker VALUES (42);
                """;
            await command.ExecuteNonQueryAsync();
        }

        await using var services = InfrastructureServices.ForSqlite(_data.Path);
        var report = await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);

        Assert.NotNull(report.SnapshotPath);
        Assert.StartsWith(Path.Combine(_data.Path, "backups"), report.SnapshotPath, StringComparison.Ordinal);
        Assert.Contains("before-20200101000000_Legacy", report.SnapshotPath, StringComparison.Ordinal);
        await using var snapshot = new SqliteConnection($"Data Source={report.SnapshotPath};Mode=ReadOnly;Pooling=false");
        await snapshot.OpenAsync();
        await using var read = snapshot.CreateCommand();
        read.CommandText = "SELECT value FROM legacy_marker; ";
        Assert.Equal(42L, await read.ExecuteScalarAsync());
        read.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'Events';";
        Assert.Equal(0L, await read.ExecuteScalarAsync());

        await using var db = await services.GetRequiredService<IDbContextFactory<NotifyBridgeDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.Events.CountAsync());
    }

    private void Checkpoint()
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        command.ExecuteNonQuery();
    }

    private string Fingerprint()
    {
        var wal = DatabasePath + "-wal";
        var walLength = File.Exists(wal) ? new FileInfo(wal).Length : 0;
        return $"{Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(DatabasePath)))}/{walLength}";
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _data.Dispose();
    }
}

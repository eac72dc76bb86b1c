using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Infrastructure.Persistence.Interceptors;

namespace NotifyBridge.Tests.Infrastructure;

/// <summary>Migrations are the only source of schema: the model may not drift from them.</summary>
public sealed class MigrationsTests
{
    [Fact]
    public void SqliteModel_HasNoChangesMissingAMigration()
    {
        var options = new DbContextOptionsBuilder<SqliteNotifyBridgeDbContext>();
        PersistenceRegistration.ConfigureSqlite(options, "Data Source=:memory:", new SqliteWriteGate());
        using var db = new SqliteNotifyBridgeDbContext(options.Options);
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed: add a migration for SQLite (see README).");
    }

    [Fact]
    public void PostgresModel_HasNoChangesMissingAMigration()
    {
        var options = new DbContextOptionsBuilder<PostgresNotifyBridgeDbContext>();
        PersistenceRegistration.ConfigurePostgres(options, "Host=127.0.0.1;Database=unused");
        using var db = new PostgresNotifyBridgeDbContext(options.Options);
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed: add a migration for PostgreSQL (see README).");
    }

    [Fact]
    public void BothProviders_HaveTheSameMigrationNames()
    {
        static IEnumerable<string> Names<TContext>(DbContextOptions<TContext> options, Func<DbContextOptions<TContext>, DbContext> create)
            where TContext : DbContext
        {
            using var db = create(options);
            return db.GetService<IMigrationsAssembly>().Migrations.Keys.Select(id => id[15..]).ToList();
        }

        var sqlite = new DbContextOptionsBuilder<SqliteNotifyBridgeDbContext>();
        PersistenceRegistration.ConfigureSqlite(sqlite, "Data Source=:memory:", new SqliteWriteGate());
        var postgres = new DbContextOptionsBuilder<PostgresNotifyBridgeDbContext>();
        PersistenceRegistration.ConfigurePostgres(postgres, "Host=127.0.0.1;Database=unused");

        Assert.Equal(
            Names(sqlite.Options, o => new SqliteNotifyBridgeDbContext(o)),
            Names(postgres.Options, o => new PostgresNotifyBridgeDbContext(o)));
    }
}

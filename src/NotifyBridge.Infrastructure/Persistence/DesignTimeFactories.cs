using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using NotifyBridge.Infrastructure.Persistence.Interceptors;

namespace NotifyBridge.Infrastructure.Persistence;

/// <summary>Used by <c>dotnet ef</c> only: the model is the same, the provider decides the SQL.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteNotifyBridgeDbContext>
{
    public SqliteNotifyBridgeDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqliteNotifyBridgeDbContext>();
        PersistenceRegistration.ConfigureSqlite(options, "Data Source=design-time.db", new SqliteWriteGate());
        return new SqliteNotifyBridgeDbContext(options.Options);
    }
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresNotifyBridgeDbContext>
{
    public PostgresNotifyBridgeDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostgresNotifyBridgeDbContext>();
        PersistenceRegistration.ConfigurePostgres(options, "Host=127.0.0.1;Database=notifybridge_design");
        return new PostgresNotifyBridgeDbContext(options.Options);
    }
}

using System.Globalization;
using Microsoft.Data.Sqlite;

namespace NotifyBridge.Infrastructure.Persistence;

/// <summary>
/// Every SQLite setting in one place. There is exactly one timeout: SQLite's busy_timeout
/// and Microsoft.Data.Sqlite's own busy retry loop (bounded by the command timeout) are
/// both derived from <see cref="BusyTimeout"/>, so they can never disagree.
/// </summary>
public static class SqliteTuning
{
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Per-connection pragmas (journal_mode=WAL is persistent and set once at migrate time).
    /// No memory-mapped I/O (mmap_size=0): in WAL mode a connection that finds the database changed
    /// by another connection drops its cache and its whole mapping, so with steady writes every
    /// transaction paid page faults to map the file again; measured, plain reads made a delivery
    /// a fifth cheaper end to end (docs/benchmarks/delivery.md).
    /// </summary>
    public static readonly string ConnectionPragmas = string.Create(CultureInfo.InvariantCulture,
        $"""
        PRAGMA synchronous=NORMAL;
        PRAGMA foreign_keys=ON;
        PRAGMA busy_timeout={(int)BusyTimeout.TotalMilliseconds};
        PRAGMA cache_size=-65536;
        PRAGMA mmap_size=0;
        PRAGMA temp_store=MEMORY;
        """);

    public static string BuildConnectionString(string? configured, string defaultPath)
    {
        // An empty Data Source would give every connection its own temporary database.
        var builder = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(configured) ? $"Data Source={defaultPath}" : configured)
        {
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
            ForeignKeys = true,
            Pooling = true,
        };
        return builder.ToString();
    }

    public static string? DatabaseFilePath(string connectionString)
    {
        var source = new SqliteConnectionStringBuilder(connectionString).DataSource;
        return string.IsNullOrEmpty(source) || source == ":memory:" ? null : Path.GetFullPath(source);
    }
}

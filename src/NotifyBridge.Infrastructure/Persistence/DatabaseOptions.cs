namespace NotifyBridge.Infrastructure.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Bound from the <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>sqlite</c> (embedded default) or <c>postgres</c>.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Optional; for SQLite it defaults to <c>{DataDirectory}/notifybridge.db</c>.</summary>
    public string? ConnectionString { get; set; }
}

/// <summary>Bound from the <c>Storage</c> configuration section.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Holds the SQLite file, its pre-migration snapshots and the Data Protection key ring.</summary>
    public string DataDirectory { get; set; } = "data";

    public string FullDataDirectory => Path.GetFullPath(DataDirectory);
    public string BackupDirectory => Path.Combine(FullDataDirectory, "backups");
    public string KeysDirectory => Path.Combine(FullDataDirectory, "keys");
    public string DefaultSqlitePath => Path.Combine(FullDataDirectory, "notifybridge.db");
}

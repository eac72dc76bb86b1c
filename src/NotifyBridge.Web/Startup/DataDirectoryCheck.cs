using NotifyBridge.Infrastructure.Persistence;

namespace NotifyBridge.Web.Startup;

/// <summary>
/// Fails fast, with a sentence a self-hoster can act on, when the data directory (SQLite
/// file, snapshots, key ring) cannot be written — instead of a stack trace from deep inside
/// Data Protection or SQLite a moment later.
/// </summary>
internal static class DataDirectoryCheck
{
    public static string? Problem(IConfiguration configuration)
    {
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var directory = storage.FullDataDirectory;
        try
        {
            Directory.CreateDirectory(directory);
            var probe = Path.Combine(directory, $".write-test-{Environment.ProcessId}");
            File.WriteAllText(probe, "ok");
            File.Delete(probe);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"NotifyBridge cannot write to its data directory '{directory}': {ex.Message} " +
                   "Set Storage__DataDirectory to a writable folder, or give this user write access " +
                   "(in the container the app runs as UID 1654: chown -R 1654:1654 on the mounted folder).";
        }
    }
}

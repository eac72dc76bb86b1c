using System.Runtime.CompilerServices;

namespace NotifyBridge.Tests.Infrastructure.Notifiers.Telegram;

/// <summary>
/// Golden JSON files under Golden/Telegram/&lt;name&gt;.golden.json, with the same rules as
/// <see cref="TestSupport.GoldenFile"/>: a missing or outdated file is written only with UPDATE_GOLDEN=1.
/// </summary>
public static class TelegramGoldenFile
{
    public static void AssertMatches(string name, string actual, [CallerFilePath] string callerPath = "")
    {
        var directory = Path.GetDirectoryName(callerPath);
        while (directory is not null && !File.Exists(Path.Combine(directory, "NotifyBridge.Tests.csproj"))) directory = Path.GetDirectoryName(directory);
        var path = Path.Combine(directory ?? throw new InvalidOperationException($"No test project above {callerPath}."), "Golden", "Telegram", $"{name}.golden.json");
        var normalized = actual.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd() + "\n";
        var update = Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1";

        if (!File.Exists(path))
        {
            if (!update) Assert.Fail($"Golden file {path} is missing. Run the tests with UPDATE_GOLDEN=1 to create it, then review and commit it.");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, normalized);
            return;
        }
        var expected = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd() + "\n";
        if (expected == normalized) return;
        if (update)
        {
            File.WriteAllText(path, normalized);
            return;
        }
        File.WriteAllText(path + ".actual", normalized);
        Assert.Equal(expected, normalized);
    }
}

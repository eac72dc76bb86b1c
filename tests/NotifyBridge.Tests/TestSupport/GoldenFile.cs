using System.Runtime.CompilerServices;

namespace NotifyBridge.Tests.TestSupport;

/// <summary>
/// Golden-file (snapshot) assertions, the one helper for every kind of expected output. It lives
/// next to the tests in <c>Golden/&lt;name&gt;.golden.&lt;extension&gt;</c> (a name may hold a
/// folder: "Telegram/long-text-split"). A missing or outdated file is written only when
/// <c>UPDATE_GOLDEN=1</c>; otherwise the test fails and leaves <c>.actual</c> beside it, so CI
/// never invents its own expectations (unlike Snapshooter, which silently creates missing snapshots).
/// </summary>
public static class GoldenFile
{
    public static void AssertMatches(string name, string actual, string extension = "txt", [CallerFilePath] string callerPath = "")
    {
        var path = Path.Combine(FindTestProjectDirectory(callerPath), "Golden", $"{name}.golden.{extension}");
        var directory = Path.GetDirectoryName(path)!;
        var normalized = Normalize(actual);
        var update = Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1";

        if (!File.Exists(path))
        {
            if (!update) Assert.Fail($"Golden file {path} is missing. Run the tests with UPDATE_GOLDEN=1 to create it, then review and commit it.");
            Directory.CreateDirectory(directory);
            File.WriteAllText(path, normalized);
            return;
        }

        var expected = Normalize(File.ReadAllText(path));
        if (expected == normalized) return;
        if (update)
        {
            File.WriteAllText(path, normalized);
            return;
        }
        File.WriteAllText(path + ".actual", normalized);
        Assert.Fail($"Output differs from {path} (actual written to {path}.actual; UPDATE_GOLDEN=1 accepts it).\n{FirstDifference(expected, normalized)}");
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd() + "\n";

    private static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var el = i < e.Length ? e[i] : "<end>";
            var al = i < a.Length ? a[i] : "<end>";
            if (el != al) return $"line {i + 1}:\n  expected: {el}\n  actual:   {al}";
        }
        return "";
    }

    private static string FindTestProjectDirectory(string callerPath)
    {
        var directory = Path.GetDirectoryName(callerPath);
        while (directory is not null && !File.Exists(Path.Combine(directory, "NotifyBridge.Tests.csproj")))
            directory = Path.GetDirectoryName(directory);
        return directory ?? throw new InvalidOperationException($"No test project above {callerPath}.");
    }
}

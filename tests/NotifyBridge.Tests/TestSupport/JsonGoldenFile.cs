using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NotifyBridge.Tests.TestSupport;

/// <summary>
/// Golden files for JSON (<c>Golden/&lt;name&gt;.golden.json</c>), the same rules as <see cref="GoldenFile"/>:
/// written only with <c>UPDATE_GOLDEN=1</c>, otherwise a difference fails and leaves <c>.actual</c>
/// beside it. The JSON is indented with property order kept and strings unescaped where JSON allows,
/// so "&lt;", "&amp;" and non-ASCII text read as sent.
/// </summary>
public static class JsonGoldenFile
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void AssertMatches(string name, JsonNode actual, [CallerFilePath] string callerPath = "")
    {
        ArgumentNullException.ThrowIfNull(actual);
        var directory = FindTestProjectDirectory(callerPath);
        var path = Path.Combine(directory, "Golden", $"{name}.golden.json");
        var text = actual.ToJsonString(Indented).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
        var update = Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1";

        if (!File.Exists(path))
        {
            if (!update) Assert.Fail($"Golden file {path} is missing. Run the tests with UPDATE_GOLDEN=1 to create it, then review and commit it.");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
            return;
        }
        var expected = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        if (expected == text) return;
        if (update)
        {
            File.WriteAllText(path, text);
            return;
        }
        File.WriteAllText(path + ".actual", text);
        var e = expected.Split('\n');
        var a = text.Split('\n');
        var line = Enumerable.Range(0, Math.Max(e.Length, a.Length)).First(i => (i < e.Length ? e[i] : null) != (i < a.Length ? a[i] : null));
        Assert.Fail($"Output differs from {path} (actual written to {path}.actual; UPDATE_GOLDEN=1 accepts it).\nline {line + 1}:\n  expected: {(line < e.Length ? e[line] : "<end>")}\n  actual:   {(line < a.Length ? a[line] : "<end>")}");
    }

    private static string FindTestProjectDirectory(string callerPath)
    {
        var directory = Path.GetDirectoryName(callerPath);
        while (directory is not null && !File.Exists(Path.Combine(directory, "NotifyBridge.Tests.csproj")))
            directory = Path.GetDirectoryName(directory);
        return directory ?? throw new InvalidOperationException($"No test project above {callerPath}.");
    }
}

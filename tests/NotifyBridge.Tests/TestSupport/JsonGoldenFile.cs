using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NotifyBridge.Tests.TestSupport;

/// <summary>
/// Golden files for JSON (<c>Golden/&lt;name&gt;.golden.json</c>) through <see cref="GoldenFile"/>.
/// The JSON is indented with property order kept and strings unescaped where JSON allows,
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
        GoldenFile.AssertMatches(name, actual.ToJsonString(Indented), "json", callerPath);
    }
}

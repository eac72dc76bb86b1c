using System.Text.Encodings.Web;
using System.Text.Json;

namespace NotifyBridge.Web.Components.Shared;

/// <summary>JSON as people read it: indented, with non-ASCII text left as it is (Blazor escapes the HTML).</summary>
internal static class JsonDisplay
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The JSON indented, or the text unchanged when it is not JSON.</summary>
    public static string Pretty(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return text ?? "";
        try
        {
            using var document = JsonDocument.Parse(text);
            return JsonSerializer.Serialize(document.RootElement, Indented);
        }
        catch (JsonException)
        {
            return text;
        }
    }
}

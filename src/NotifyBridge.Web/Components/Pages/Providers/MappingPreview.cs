using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace NotifyBridge.Web.Components.Pages.Providers;

public sealed record PreviewLine(string Label, string? Path, string? Value);

/// <summary>
/// Shows what a generic webhook mapping would pick out of a payload. Deliberately small: dot
/// paths with [i] indexes over System.Text.Json (<c>items[0].name</c>, an optional leading
/// <c>$.</c>). The generic parser library will replace it, so the preview and ingest share
/// one implementation.
/// </summary>
public static partial class MappingPreview
{
    private const int MaxValueLength = 300;

    public static IReadOnlyList<PreviewLine> Apply(FieldMapping mapping, JsonElement root) =>
    [
        .. FieldMapping.PathFields.Select(f =>
        {
            var path = mapping.Get(f.Key);
            var value = path is null ? null : Resolve(root, path) is { } found ? Display(found) : null;
            if (f.Key == "eventTypePath" && value is null) value = mapping.DefaultEventType ?? "webhook";
            return new PreviewLine(f.Label, path, value);
        }),
    ];

    /// <summary>The element at <paramref name="path"/>, or null when any step is missing.</summary>
    public static JsonElement? Resolve(JsonElement root, string path)
    {
        var text = path.Trim();
        if (text.StartsWith("$.", StringComparison.Ordinal)) text = text[2..];
        if (text.Length == 0 || text == "$") return root;

        var current = root;
        foreach (var segment in text.Split('.'))
        {
            var match = SegmentPattern().Match(segment);
            if (!match.Success) return null;
            var name = match.Groups["name"].Value;
            if (name.Length > 0)
            {
                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current)) return null;
            }
            foreach (Capture index in match.Groups["index"].Captures)
            {
                var i = int.Parse(index.Value, CultureInfo.InvariantCulture);
                if (current.ValueKind != JsonValueKind.Array || i >= current.GetArrayLength()) return null;
                current = current[i];
            }
        }
        return current;
    }

    private static string? Display(JsonElement element)
    {
        var text = element.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            JsonValueKind.String => element.GetString(),
            _ => element.GetRawText(),
        };
        return text is { Length: > MaxValueLength } ? text[..MaxValueLength] + "…" : text;
    }

    [GeneratedRegex(@"^(?<name>[^\[\]]*)(\[(?<index>\d{1,6})\])*$")]
    private static partial Regex SegmentPattern();
}

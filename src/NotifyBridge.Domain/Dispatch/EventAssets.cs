using System.Text.Json;

namespace NotifyBridge.Domain.Dispatch;

/// <summary>
/// Reads asset ids from an event's details: <c>"assets": [{"id": "…"}, …]</c> (pollers write
/// this shape) or <c>"assetIds": ["…"]</c>. Unreadable details yield none; coalescing then
/// only counts events.
/// </summary>
public static class EventAssets
{
    public static IReadOnlyList<string> Ids(string? detailsJson)
    {
        if (string.IsNullOrEmpty(detailsJson) || !detailsJson.Contains("asset", StringComparison.OrdinalIgnoreCase)) return [];
        try
        {
            using var document = JsonDocument.Parse(detailsJson);
            if (document.RootElement.ValueKind != JsonValueKind.Object) return [];
            var ids = new List<string>();
            if (document.RootElement.TryGetProperty("assetIds", out var plain) && plain.ValueKind == JsonValueKind.Array)
            {
                foreach (var id in plain.EnumerateArray())
                    if (id.ValueKind == JsonValueKind.String) ids.Add(id.GetString()!);
            }
            if (document.RootElement.TryGetProperty("assets", out var assets) && assets.ValueKind == JsonValueKind.Array)
            {
                foreach (var asset in assets.EnumerateArray())
                {
                    if (asset.ValueKind == JsonValueKind.Object && asset.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
                        ids.Add(id.GetString()!);
                }
            }
            return ids;
        }
        catch (JsonException)
        {
            return [];
        }
    }
}

using System.Text.Json;
using NotifyBridge.Domain.Notifications;

namespace NotifyBridge.Infrastructure.Notifiers.Webhook;

/// <summary>
/// Turns JSON into values Fluid reads natively (it cannot walk a JsonElement's members):
/// objects become dictionaries, arrays lists, numbers decimals (double when out of decimal's
/// range), and the rest strings, booleans and null.
/// </summary>
internal static class LiquidJsonModel
{
    public static object? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => ObjectFrom(element),
        JsonValueKind.Array => element.EnumerateArray().Select(FromJson).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetDecimal(out var number) ? number : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    public static Dictionary<string, object?> FromMessage(NotificationMessage message) => new(StringComparer.Ordinal)
    {
        ["title"] = message.Title,
        ["text"] = message.BodyText,
        ["html"] = message.BodyHtml,
        ["url"] = message.Url,
        ["event_type"] = message.EventType,
        ["severity"] = message.Severity.ToString().ToLowerInvariant(),
        ["locale"] = message.Locale,
    };

    private static Dictionary<string, object?> ObjectFrom(JsonElement element)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        // Duplicate keys: the last wins, as in most JSON readers.
        foreach (var property in element.EnumerateObject()) result[property.Name] = FromJson(property.Value);
        return result;
    }
}

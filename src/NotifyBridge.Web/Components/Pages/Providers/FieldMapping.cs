using System.Text.Json;
using System.Text.Json.Nodes;

namespace NotifyBridge.Web.Components.Pages.Providers;

/// <summary>
/// How a generic webhook's JSON becomes an event: a dot path (with [i] indexes) per field,
/// stored in the provider's SettingsJson in camelCase (<c>{"titlePath": "data.title", …}</c>).
/// Other keys in the settings are kept as they are.
/// </summary>
public sealed class FieldMapping
{
    public string? TitlePath { get; set; }
    public string? MessagePath { get; set; }
    public string? UrlPath { get; set; }
    public string? SeverityPath { get; set; }
    public string? EventTypePath { get; set; }
    public string? CollectionPath { get; set; }
    public string? ActorPath { get; set; }
    public string? DefaultEventType { get; set; }

    /// <summary>The path fields in the order the dialog shows them: settings key, label, example.</summary>
    public static readonly IReadOnlyList<(string Key, string Label, string Example)> PathFields =
    [
        ("titlePath", "Title", "title"),
        ("messagePath", "Message", "message"),
        ("urlPath", "Link", "url"),
        ("severityPath", "Severity", "severity"),
        ("eventTypePath", "Event type", "event"),
        ("collectionPath", "Collection", "repository.name"),
        ("actorPath", "Actor", "sender.login"),
    ];

    public string? Get(string key) => key switch
    {
        "titlePath" => TitlePath,
        "messagePath" => MessagePath,
        "urlPath" => UrlPath,
        "severityPath" => SeverityPath,
        "eventTypePath" => EventTypePath,
        "collectionPath" => CollectionPath,
        "actorPath" => ActorPath,
        "defaultEventType" => DefaultEventType,
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "Unknown mapping field."),
    };

    public void Set(string key, string? value)
    {
        value = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        switch (key)
        {
            case "titlePath": TitlePath = value; break;
            case "messagePath": MessagePath = value; break;
            case "urlPath": UrlPath = value; break;
            case "severityPath": SeverityPath = value; break;
            case "eventTypePath": EventTypePath = value; break;
            case "collectionPath": CollectionPath = value; break;
            case "actorPath": ActorPath = value; break;
            case "defaultEventType": DefaultEventType = value; break;
            default: throw new ArgumentOutOfRangeException(nameof(key), key, "Unknown mapping field.");
        }
    }

    private static IEnumerable<string> Keys => PathFields.Select(f => f.Key).Append("defaultEventType");

    public static FieldMapping FromSettings(string? settingsJson)
    {
        var mapping = new FieldMapping();
        if (ParseObject(settingsJson) is not { } settings) return mapping;
        foreach (var key in Keys)
        {
            if (settings[key] is JsonValue value && value.TryGetValue<string>(out var text)) mapping.Set(key, text);
        }
        return mapping;
    }

    /// <summary>The settings with this mapping written in: blank fields are removed, other keys stay.</summary>
    public string ApplyTo(string? settingsJson)
    {
        var settings = ParseObject(settingsJson) ?? [];
        foreach (var key in Keys)
        {
            if (Get(key) is { } value) settings[key] = value;
            else settings.Remove(key);
        }
        return settings.ToJsonString();
    }

    private static JsonObject? ParseObject(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        try
        {
            return JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

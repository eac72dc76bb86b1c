using System.Text.Json;
using NotifyBridge.Domain.Events;

namespace NotifyBridge.Domain.Ingest.Generic;

/// <summary>One mapped field of a preview: where its value came from and what it is.</summary>
/// <param name="Field">title, message, url, severity, eventType, collection or actor.</param>
/// <param name="Path">The configured path, or null when none is set.</param>
/// <param name="Source">What produced <paramref name="Value"/>: the configured path, a default key such as <c>subject</c>, or null when nothing did.</param>
/// <param name="Value">The value found (rendered as text, capped), or null.</param>
/// <param name="Error">Why the configured path could not be used (invalid syntax), or null.</param>
public sealed record GenericMappedField(string Field, string? Path, string? Source, string? Value, string? Error);

/// <summary>The outcome of mapping a payload: the event it becomes (null when the payload or settings are unusable), per-field detail and errors.</summary>
public sealed record GenericMappingResult(NormalizedEvent? Event, IReadOnlyList<GenericMappedField> Fields, IReadOnlyList<string> Errors)
{
    public bool IsValid => Errors.Count == 0 && Event is not null;
}

/// <summary>
/// Applies generic webhook settings to a payload the way <see cref="GenericWebhookParser"/> does, for the
/// admin's preview against the last received payload. Invalid paths are reported and skipped (the defaults apply).
/// </summary>
public static class GenericMappingPreview
{
    public const string DefaultTitle = "Webhook received";

    internal static readonly string[] TitleKeys = ["title", "subject", "name"];
    internal static readonly string[] MessageKeys = ["message", "text", "body", "description", "content"];
    internal static readonly string[] UrlKeys = ["url", "link"];
    internal static readonly string[] SeverityKeys = ["severity", "priority", "level"];
    internal static readonly string[] EventTypeKeys = ["event_type"];

    /// <summary>Keys never copied into the details (they tend to hold credentials).</summary>
    private static readonly string[] SensitiveKeyParts = ["token", "secret", "password", "passwd", "apikey", "api_key", "authorization"];

    private const int MaxDetailKeys = 50;
    private const int RawSummaryLength = 500;
    private const int PreviewValueLength = 2000;

    /// <summary>Maps a payload given as JSON text.</summary>
    public static GenericMappingResult Apply(GenericWebhookSettings settings, string json)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (string.IsNullOrWhiteSpace(json)) return Failed("Body must be a JSON object; the body is empty.");
        if (!InboundBody.TryParseJson(System.Text.Encoding.UTF8.GetBytes(json), out var document, out var error))
            return Failed($"Body must be a JSON object. {error}");
        using (document)
        {
            return Apply(settings, document!.RootElement);
        }
    }

    /// <summary>Maps a parsed payload (which must be a JSON object).</summary>
    public static GenericMappingResult Apply(GenericWebhookSettings settings, JsonElement root)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (root.ValueKind != JsonValueKind.Object)
            return Failed($"Body must be a JSON object, not {Describe(root.ValueKind)}.");

        var errors = new List<string>();
        if (!EventTypes.IsValid(settings.DefaultEventType))
            errors.Add("defaultEventType: must be 1 to 64 lower-case letters, digits or underscores.");

        var fields = new List<GenericMappedField>();
        GenericMappedField Map(string field, string setting, string? path, string[] defaultKeys)
        {
            string? pathError = null;
            if (!string.IsNullOrWhiteSpace(path))
            {
                if (JsonFieldPath.TryParse(path, out var parsed, out pathError))
                {
                    if (parsed.TryResolve(root, out string? value) && !string.IsNullOrWhiteSpace(value))
                        return Add(new GenericMappedField(field, path, parsed.Text, value, null));
                }
                else errors.Add($"{setting}: {pathError}");
            }
            foreach (var key in defaultKeys)
            {
                if (root.Property(key) is { } element && JsonElementExtensions.Render(element) is { } value && !string.IsNullOrWhiteSpace(value))
                    return Add(new GenericMappedField(field, path, key, value, pathError));
            }
            return Add(new GenericMappedField(field, path, null, null, pathError));
        }
        GenericMappedField Add(GenericMappedField mapped)
        {
            fields.Add(mapped);
            return mapped;
        }

        var title = Map("title", "titlePath", settings.TitlePath, TitleKeys).Value;
        var message = Map("message", "messagePath", settings.MessagePath, MessageKeys).Value;
        var url = Map("url", "urlPath", settings.UrlPath, UrlKeys).Value;
        var severityText = Map("severity", "severityPath", settings.SeverityPath, SeverityKeys).Value;
        var eventTypeText = Map("eventType", "eventTypePath", settings.EventTypePath, EventTypeKeys).Value;
        var collection = IngestText.Field(Map("collection", "collectionPath", settings.CollectionPath, []).Value);
        var actor = IngestText.Field(Map("actor", "actorPath", settings.ActorPath, []).Value);

        var eventType = EventTypes.IsValid(eventTypeText) ? eventTypeText!
            : EventTypes.Normalize(eventTypeText)
            ?? (EventTypes.IsValid(settings.DefaultEventType) ? settings.DefaultEventType : EventTypes.Webhook);

        var titleLine = IngestText.SingleLine(title);
        var summary = message is not null
            ? IngestText.Excerpt(message)
            : IngestText.Truncate(DetailsJsonWriter.Compact(root), RawSummaryLength);

        var normalized = new NormalizedEvent(
            eventType,
            titleLine.Length == 0 ? DefaultTitle : titleLine,
            summary,
            IngestText.SafeUrl(url),
            actor,
            collection,
            collection,
            0,
            SeverityNames.TryParse(severityText, out var severity) ? severity : EventSeverity.Normal,
            Details(root));

        var shown = fields.Select(f => f.Value is null ? f : f with { Value = IngestText.Truncate(f.Value, PreviewValueLength) }).ToList();
        return new GenericMappingResult(normalized, shown, errors);
    }

    /// <summary>The payload's top-level scalar fields (strings capped), at most 50, credentials left out.</summary>
    private static string Details(JsonElement root)
    {
        using var details = new DetailsJsonWriter();
        var count = 0;
        foreach (var property in root.EnumerateObject())
        {
            if (count >= MaxDetailKeys || details.Length > IngestLimits.DetailsMaxBytes - 1024) break;
            if (property.Name.Length > 100 || IsSensitive(property.Name)) continue;
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.String:
                    details.String(property.Name, property.Value.GetString(), 300);
                    break;
                case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                    details.Element(property.Name, property.Value);
                    break;
                default:
                    continue;
            }
            count++;
        }
        return details.Build();
    }

    private static bool IsSensitive(string name) =>
        SensitiveKeyParts.Any(part => name.Contains(part, StringComparison.OrdinalIgnoreCase));

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static GenericMappingResult Failed(string error) => new(null, [], [error]);
}

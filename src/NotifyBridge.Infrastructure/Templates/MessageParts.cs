using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using NotifyBridge.Domain.Dispatch.Deferral;
using NotifyBridge.Domain.Events;
using NotifyBridge.Domain.Links;
using NotifyBridge.Domain.Notifications;

namespace NotifyBridge.Infrastructure.Templates;

/// <summary>
/// The parts of a <see cref="NotificationMessage"/> that do not come from the template: fields
/// for embeds and cards, assets to attach, and the stable JSON payload (the outgoing webhook's
/// default body; its shape is documented in Templates/README.md).
/// </summary>
internal static class MessageParts
{
    private static readonly JsonWriterOptions JsonOptions = new()
    {
        // The payload is a JSON body, never HTML: umlauts and quotes may stay readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static IReadOnlyList<MessageField> Fields(string? actor, string? collection, string locale, int? eventCount = null, int? actorCount = null)
    {
        var de = locale == "de";
        var fields = new List<MessageField>(3);
        if (actorCount is > 1) fields.Add(new MessageField(de ? "Von" : "By", string.Create(CultureInfo.InvariantCulture, $"{actorCount} {(de ? "Personen" : "people")}")));
        else if (!string.IsNullOrWhiteSpace(actor)) fields.Add(new MessageField(de ? "Von" : "By", actor));
        if (!string.IsNullOrWhiteSpace(collection)) fields.Add(new MessageField("In", collection));
        if (eventCount is { } count) fields.Add(new MessageField(de ? "Ereignisse" : "Events", count.ToString("N0", TemplateLocales.Culture(locale))));
        return fields;
    }

    /// <summary>
    /// Photos and files named in the events' details (<c>details.assets[]</c> with <c>thumbnail_url</c>
    /// or <c>url</c>, <c>file_name</c>, <c>type</c>), at most <see cref="LinkDisplayOptions.MaxAssets"/>.
    /// Gitea events have none; Immich events will.
    /// </summary>
    public static IReadOnlyList<MessageAsset> Assets(IEnumerable<EventLogEntry> events, LinkDisplayOptions options)
    {
        var max = Math.Clamp(options.MaxAssets, 0, LinkDisplayOptions.MaxAssetsLimit);
        if (max == 0) return [];
        var assets = new List<MessageAsset>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in events)
        {
            if (!entry.DetailsJson.Contains("\"assets\"", StringComparison.Ordinal)) continue;
            if (TemplateModel.ParseDetails(entry.DetailsJson) is not Dictionary<string, object?> details
                || !details.TryGetValue("assets", out var list) || list is not List<object?> items) continue;
            foreach (var item in items.OfType<Dictionary<string, object?>>())
            {
                var url = Text(item, "thumbnail_url") ?? Text(item, "url");
                if (url is null || !HtmlSubset.IsSafeUrl(url) || !url.StartsWith("http", StringComparison.OrdinalIgnoreCase) || !seen.Add(url)) continue;
                var name = options.IncludeFileNames ? Text(item, "file_name") ?? Text(item, "original_file_name") : null;
                var video = string.Equals(Text(item, "type"), "VIDEO", StringComparison.OrdinalIgnoreCase) || item.GetValueOrDefault("is_video") is true;
                assets.Add(new MessageAsset(url, name, null, video));
                if (assets.Count == max) return assets;
            }
        }
        return assets;
    }

    private static string? Text(Dictionary<string, object?> item, string key) =>
        item.GetValueOrDefault(key) is string { Length: > 0 } value ? value : null;

    public static string EventPayload(EventLogEntry entry, string locale, RenderedText message)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, JsonOptions))
        {
            json.WriteStartObject();
            json.WritePropertyName("event");
            WriteEvent(json, entry);
            WriteMessage(json, locale, message);
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    public static string BatchPayload(DeferredDispatch row, IReadOnlyList<EventLogEntry> events, string locale, RenderedText message)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteStartObject("batch");
            json.WriteNumber("id", row.Id);
            json.WriteString("kind", TemplateModel.KindName(row.Kind));
            json.WriteString("event_type", row.EventType);
            json.WriteNumber("event_count", Math.Max(row.EventCount, events.Count));
            var stored = TemplateModel.StoredAssetCount(row.AssetIdsJson);
            json.WriteNumber("asset_count", Math.Max(row.AssetCount, stored + row.MoreAssetCount));
            json.WriteNumber("more_asset_count", row.MoreAssetCount);
            WriteNullable(json, "actor", TemplateModel.BatchActor(row, events));
            json.WriteBoolean("several_actors", row.SeveralActors);
            WriteNullable(json, "collection_id", row.CollectionKey.Length == 0 ? null : row.CollectionKey);
            WriteNullable(json, "collection_name", row.CollectionName);
            json.WriteString("first_event_at", Utc(row.FirstEventAt));
            json.WriteString("last_event_at", Utc(row.LastEventAt));
            json.WriteStartArray("events");
            foreach (var entry in events) WriteEvent(json, entry);
            json.WriteEndArray();
            json.WriteEndObject();
            WriteMessage(json, locale, message);
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    public static string TestPayload(string targetName, DateTimeOffset sentAt, string locale, RenderedText message)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteStartObject("test");
            json.WriteString("target_name", targetName);
            json.WriteString("sent_at", sentAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            json.WriteEndObject();
            WriteMessage(json, locale, message);
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteEvent(Utf8JsonWriter json, EventLogEntry e)
    {
        json.WriteStartObject();
        json.WriteNumber("id", e.Id);
        json.WriteString("type", e.EventType);
        json.WriteString("title", e.Title);
        json.WriteString("summary", e.Summary);
        WriteNullable(json, "url", e.Url);
        WriteNullable(json, "actor", e.Actor);
        json.WriteString("provider", e.ProviderName);
        WriteNullable(json, "collection_id", e.CollectionId);
        WriteNullable(json, "collection_name", e.CollectionName);
        json.WriteString("severity", TemplateModel.SeverityName(e.Severity));
        json.WriteNumber("assets_count", e.AssetsCount);
        json.WriteString("created_at", Utc(e.CreatedAt));
        json.WritePropertyName("details");
        try
        {
            using var details = JsonDocument.Parse(string.IsNullOrWhiteSpace(e.DetailsJson) ? "{}" : e.DetailsJson);
            details.RootElement.WriteTo(json);
        }
        catch (JsonException)
        {
            json.WriteStartObject();
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private static void WriteMessage(Utf8JsonWriter json, string locale, RenderedText message)
    {
        json.WriteStartObject("message");
        json.WriteString("locale", locale);
        json.WriteString("title", message.Title);
        json.WriteString("text", message.Text);
        json.WriteString("html", message.Html);
        WriteNullable(json, "url", message.Url);
        json.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null) json.WriteNull(name);
        else json.WriteString(name, value);
    }

    private static string Utc(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

/// <summary>A rendered message's text parts.</summary>
internal sealed record RenderedText(string Title, string Html, string Text, string? Url);

using System.Globalization;
using System.Text.Json;
using NotifyBridge.Domain.Dispatch.Deferral;
using NotifyBridge.Domain.Events;
using NotifyBridge.Domain.Links;

namespace NotifyBridge.Infrastructure.Templates;

/// <summary>
/// What a template sees: plain dictionaries, lists, strings, numbers and booleans, so there is
/// no .NET object to reach into. Names are snake_case; Templates/README.md lists every field.
/// </summary>
internal static class TemplateModel
{
    /// <summary>Events listed in <c>batch.events</c>; <c>batch.more_event_count</c> says how many were left out.</summary>
    public const int MaxBatchEvents = 20;

    public static Dictionary<string, object?> ForEvent(EventLogEntry entry, LinkDisplayOptions options, string locale, TimeZoneInfo zone) =>
        Root(options, locale, "event", Event(entry, locale, zone, headline: null));

    /// <param name="headline">Each event's one-line title in the message's language (its own template's title).</param>
    public static Dictionary<string, object?> ForBatch(DeferredDispatch row, IReadOnlyList<EventLogEntry> events, Func<EventLogEntry, string> headline,
        LinkDisplayOptions options, string locale, TimeZoneInfo zone) =>
        Root(options, locale, "batch", Batch(row, events, headline, locale, zone));

    public static Dictionary<string, object?> ForTest(string targetName, DateTimeOffset now, LinkDisplayOptions options, string locale, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        return Root(options, locale, "test", new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["target_name"] = targetName,
            ["sent_at"] = TemplateLocales.DateTime(local, locale),
        });
    }

    public static Dictionary<string, object?> Options(LinkDisplayOptions options) => new(StringComparer.Ordinal)
    {
        ["max_assets"] = options.MaxAssets,
        ["include_file_names"] = options.IncludeFileNames,
        ["include_people"] = options.IncludePeople,
        ["include_location"] = options.IncludeLocation,
        ["include_links"] = options.IncludeLinks,
        ["include_thumbnails"] = options.IncludeThumbnails,
        ["include_details"] = options.IncludeDetails,
    };

    public static Dictionary<string, object?> Event(EventLogEntry e, string locale, TimeZoneInfo zone, string? headline)
    {
        var local = Local(e.CreatedAt, zone);
        var model = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["id"] = e.Id,
            ["type"] = e.EventType,
            ["type_name"] = TemplateNames.TypeName(e.EventType, locale),
            ["title"] = e.Title,
            ["summary"] = e.Summary,
            ["url"] = e.Url,
            ["actor"] = e.Actor,
            ["provider"] = e.ProviderName,
            ["collection_id"] = e.CollectionId,
            ["collection_name"] = e.CollectionName,
            ["severity"] = SeverityName(e.Severity),
            ["assets_count"] = e.AssetsCount,
            ["created_at"] = TemplateLocales.DateTime(local, locale),
            ["created_at_iso"] = Iso(e.CreatedAt, zone),
            ["time"] = TemplateLocales.Time(local),
            ["details"] = ParseDetails(e.DetailsJson),
        };
        if (headline is not null) model["headline"] = headline;
        return model;
    }

    private static Dictionary<string, object?> Batch(DeferredDispatch row, IReadOnlyList<EventLogEntry> events, Func<EventLogEntry, string> headline, string locale, TimeZoneInfo zone)
    {
        var stored = StoredAssetCount(row.AssetIdsJson);
        var listed = events.Take(MaxBatchEvents).ToList();
        var first = Local(row.FirstEventAt, zone);
        var last = Local(row.LastEventAt, zone);
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["id"] = row.Id,
            ["kind"] = KindName(row.Kind),
            ["event_type"] = row.EventType,
            ["type_name"] = row.EventType == DeferredDispatch.DigestEventType ? "" : TemplateNames.TypeName(row.EventType, locale),
            ["event_count"] = Math.Max(row.EventCount, events.Count),
            ["asset_count"] = Math.Max(row.AssetCount, stored + row.MoreAssetCount),
            ["stored_asset_count"] = stored,
            ["more_asset_count"] = row.MoreAssetCount,
            ["actor"] = BatchActor(row, events),
            ["several_actors"] = row.SeveralActors,
            ["actor_count"] = ActorCount(row, events),
            ["collection_id"] = row.CollectionKey.Length == 0 ? null : row.CollectionKey,
            ["collection_name"] = row.CollectionName ?? events.LastOrDefault(e => e.CollectionName is not null)?.CollectionName,
            ["url"] = events.LastOrDefault(e => e.Url is not null)?.Url,
            ["first_at"] = TemplateLocales.DateTime(first, locale),
            ["first_time"] = TemplateLocales.Time(first),
            ["first_at_iso"] = Iso(row.FirstEventAt, zone),
            ["last_at"] = TemplateLocales.DateTime(last, locale),
            ["last_time"] = TemplateLocales.Time(last),
            ["last_at_iso"] = Iso(row.LastEventAt, zone),
            ["events"] = listed.Select(e => (object?)Event(e, locale, zone, headline(e))).ToList(),
            ["more_event_count"] = Math.Max(0, Math.Max(row.EventCount, events.Count) - listed.Count),
        };
    }

    /// <summary>The one actor of a batch; null when several people acted or nobody is known.</summary>
    public static string? BatchActor(DeferredDispatch row, IReadOnlyList<EventLogEntry> events)
    {
        if (row.SeveralActors) return null;
        if (row.Actor is not null) return row.Actor;
        var actors = events.Select(e => e.Actor).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return actors.Count == 1 ? actors[0] : null;
    }

    /// <summary>Distinct actors among the events given (at least 2 when the row saw several): "3 people added …".</summary>
    public static int ActorCount(DeferredDispatch row, IReadOnlyList<EventLogEntry> events)
    {
        var distinct = events.Select(e => e.Actor).OfType<string>().Distinct(StringComparer.Ordinal).Count();
        if (row.SeveralActors) return Math.Max(2, distinct);
        return row.Actor is not null ? 1 : Math.Min(distinct, 1);
    }

    public static string KindName(DeferredDispatchKind kind) => kind switch
    {
        DeferredDispatchKind.QuietHours => "quiet_hours",
        DeferredDispatchKind.Burst => "burst",
        DeferredDispatchKind.Digest => "digest",
        _ => kind.ToString().ToLowerInvariant(),
    };

    public static string SeverityName(EventSeverity severity) => severity.ToString().ToLowerInvariant();

    /// <summary>The details JSON as dictionaries and lists; an unreadable value becomes an empty object.</summary>
    public static object? ParseDetails(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return new Dictionary<string, object?>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(json);
            return Convert(document.RootElement);
        }
        catch (JsonException)
        {
            return new Dictionary<string, object?>(StringComparer.Ordinal);
        }
    }

    private static object? Convert(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().Aggregate(new Dictionary<string, object?>(StringComparer.Ordinal), (map, p) =>
        {
            map[p.Name] = Convert(p.Value);
            return map;
        }),
        JsonValueKind.Array => element.EnumerateArray().Select(Convert).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetDecimal(out var d) ? d : element.GetRawText(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    public static int StoredAssetCount(string? assetIdsJson)
    {
        if (string.IsNullOrWhiteSpace(assetIdsJson)) return 0;
        try
        {
            using var document = JsonDocument.Parse(assetIdsJson);
            return document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement.GetArrayLength() : 0;
        }
        catch (JsonException)
        {
            return 0;
        }
    }

    public static DateTime Local(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);

    private static string Iso(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)), zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static Dictionary<string, object?> Root(LinkDisplayOptions options, string locale, string subjectName, Dictionary<string, object?> subject) =>
        new(StringComparer.Ordinal)
        {
            [subjectName] = subject,
            ["options"] = Options(options),
            ["locale"] = locale,
        };
}

using System.Buffers;
using System.Text.Json;
using NotifyBridge.Domain.Events;
using NotifyBridge.Domain.Providers;

namespace NotifyBridge.Domain.Ingest.HomeAssistant;

/// <summary>
/// Calls from Home Assistant's <c>rest_command</c> (the rendered payload, verbatim: usually JSON, or plain
/// text) and the <c>rest</c> notify platform (GET: fields in the query; POST: a form; POST_JSON: JSON).
/// Fields: <c>message</c> (required), <c>title</c> (default "Home Assistant"), <c>target</c>, <c>data</c>.
/// <c>url</c>/<c>clickAction</c>, <c>severity</c>/<c>priority</c>, <c>entity_id</c>/<c>area</c> and
/// <c>event_type</c> are read from <c>data</c> first, then from the top level (notify.rest merges its
/// <c>data</c> keys into the top level).
/// </summary>
public sealed class HomeAssistantWebhookParser : IWebhookParser
{
    public const string DefaultTitle = "Home Assistant";
    public const string IdempotencyHeader = "Idempotency-Key";

    /// <summary>Top-level fields not copied into the details (they are the title/summary, or a credential).</summary>
    private static readonly HashSet<string> NotInDetails = new(StringComparer.Ordinal) { "message", "title", WebhookTokens.QueryName };

    public ProviderType ProviderType => ProviderType.HomeAssistant;

    public string? DeliveryId(InboundRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return IngestText.DeliveryId(request.Header(IdempotencyHeader));
    }

    public ParseResult Parse(InboundRequest request, string providerSettingsJson)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!TryReadFields(request, out var document, out var source, out var error)) return new ParseResult.Rejected(error!);

        using (document)
        {
            var root = document!.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return new ParseResult.Rejected("Body must be a JSON object with a 'message' field.");

            var message = root.Property("message") is { } m ? JsonElementExtensions.Render(m) : null;
            if (string.IsNullOrWhiteSpace(message)) return new ParseResult.Rejected("Field 'message' is required.");

            var title = IngestText.SingleLine(root.String("title"));
            if (title.Length == 0) title = DefaultTitle;

            var data = root.Object("data");
            string? Lookup(string name) => data?.NonEmptyString(name) ?? root.NonEmptyString(name);

            var eventType = EventTypes.HomeAssistantNotification;
            if (Lookup("event_type") is { } requested)
            {
                requested = requested.Trim();
                if (!EventTypes.IsValid(requested))
                    return new ParseResult.Rejected("Field 'event_type' must be 1 to 64 lower-case letters, digits or underscores.");
                eventType = requested;
            }

            var severity = SeverityNames.TryParse(Lookup("severity"), out var s) ? s
                : SeverityNames.TryParse(Lookup("priority"), out var p) ? p
                : EventSeverity.Normal;
            var url = IngestText.SafeUrl(Lookup("url")) ?? IngestText.SafeUrl(Lookup("clickAction"));
            var entity = IngestText.Field(EntityIds(data?.Property("entity_id") ?? root.Property("entity_id")));
            var area = IngestText.Field(Lookup("area"));

            return new ParseResult.Accepted(new NormalizedEvent(
                eventType,
                title,
                IngestText.Excerpt(message),
                url,
                null,
                entity ?? area,
                area ?? entity,
                0,
                severity,
                Details(root, source)));
        }
    }

    /// <summary>A string, or the strings of an array joined with ", " (HA accepts both for entity_id).</summary>
    private static string? EntityIds(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.String } single => single.GetString(),
        { ValueKind: JsonValueKind.Array } many => string.Join(", ", many.EnumerateArray().Select(JsonElementExtensions.Scalar).OfType<string>()),
        _ => null,
    };

    private static string Details(JsonElement root, string source)
    {
        using (var details = new DetailsJsonWriter())
        {
            details.String("source", source);
            foreach (var property in root.EnumerateObject())
            {
                if (NotInDetails.Contains(property.Name)) continue;
                details.Element(property.Name, property.Value);
            }
            var json = details.Build();
            if (System.Text.Encoding.UTF8.GetByteCount(json) <= IngestLimits.DetailsMaxBytes) return json;
        }

        using var truncated = new DetailsJsonWriter();
        truncated.String("source", source).Boolean("truncated", true);
        truncated.Strings("keys", root.EnumerateObject().Select(p => p.Name).Where(n => !NotInDetails.Contains(n)), 50, 100);
        return truncated.Build();
    }

    /// <summary>
    /// The call's fields as one JSON object: the query when there is no body; a form body; a JSON body;
    /// or a plain-text body as the message.
    /// </summary>
    private static bool TryReadFields(InboundRequest request, out JsonDocument? document, out string source, out string? error)
    {
        var body = InboundBody.WithoutBom(request.Body);
        error = null;
        if (InboundBody.IsBlank(body.Span))
        {
            source = "query";
            document = FromPairs(request.Query.Where(q => q.Key != WebhookTokens.QueryName));
            return true;
        }

        var contentType = request.ContentType;
        if (InboundBody.IsForm(contentType))
        {
            source = "form";
            document = FromPairs(InboundBody.ParseForm(body.Span));
            return true;
        }

        source = "json";
        var media = InboundBody.MediaType(contentType);
        if (InboundBody.IsJson(contentType)) return InboundBody.TryParseJson(body, out document, out error);

        var textual = media is null
            || media.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
            || media.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase);
        if (!textual)
        {
            document = null;
            error = $"Unsupported Content-Type '{IngestText.SingleLine(media, 100)}': send JSON, a form or plain text.";
            return false;
        }

        if (InboundBody.FirstSignificantByte(body.Span) is (byte)'{' or (byte)'[') return InboundBody.TryParseJson(body, out document, out error);

        source = "text";
        document = FromPairs([new("message", InboundBody.Text(request.Body))]);
        return true;
    }

    private static JsonDocument FromPairs(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (name, value) in pairs)
            {
                if (seen.Add(name)) writer.WriteString(name, value);
            }
            writer.WriteEndObject();
        }
        return JsonDocument.Parse(buffer.WrittenMemory);
    }
}

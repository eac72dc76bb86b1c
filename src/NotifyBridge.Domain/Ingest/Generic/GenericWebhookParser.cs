using NotifyBridge.Domain.Providers;

namespace NotifyBridge.Domain.Ingest.Generic;

/// <summary>
/// Any sender that POSTs a JSON object. Fields come from the provider's <see cref="GenericWebhookSettings"/>
/// paths, falling back to common keys: title from <c>title</c>/<c>subject</c>/<c>name</c>; message from
/// <c>message</c>/<c>text</c>/<c>body</c>/<c>description</c>/<c>content</c>; url from <c>url</c>/<c>link</c>;
/// severity from <c>severity</c>/<c>priority</c>/<c>level</c>; event type from <c>event_type</c>. Without a
/// message, the summary is the start of the payload itself.
/// </summary>
public sealed class GenericWebhookParser : IWebhookParser
{
    /// <summary>Delivery id headers, in order of preference.</summary>
    public static IReadOnlyList<string> DeliveryHeaderNames { get; } = ["Idempotency-Key", "X-Request-Id", "X-Delivery-Id"];

    public ProviderType ProviderType => ProviderType.GenericWebhook;

    public string? DeliveryId(InboundRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var name in DeliveryHeaderNames)
        {
            if (IngestText.DeliveryId(request.Header(name)) is { } id) return id;
        }
        return null;
    }

    public ParseResult Parse(InboundRequest request, string providerSettingsJson)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!GenericWebhookSettings.TryParse(providerSettingsJson, out var settings, out var settingsError))
            return new ParseResult.Rejected($"The provider's settings are invalid: {settingsError}");
        if (settings.Validate() is { Count: > 0 } problems)
            return new ParseResult.Rejected($"The provider's settings are invalid: {string.Join(" ", problems)}");

        var body = InboundBody.WithoutBom(request.Body);
        if (InboundBody.IsBlank(body.Span)) return new ParseResult.Rejected("Body must be a JSON object; the body is empty.");
        if (!InboundBody.TryParseJson(body, out var document, out var error))
            return new ParseResult.Rejected($"Body must be a JSON object. {error}");

        using (document)
        {
            var result = GenericMappingPreview.Apply(settings, document!.RootElement);
            return result.Event is { } normalized && result.Errors.Count == 0
                ? new ParseResult.Accepted(normalized)
                : new ParseResult.Rejected(string.Join(" ", result.Errors));
        }
    }
}

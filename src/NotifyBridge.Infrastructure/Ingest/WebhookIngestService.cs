using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using NotifyBridge.Domain.Events;
using NotifyBridge.Domain.Ingest;
using NotifyBridge.Domain.Ingest.Gitea;
using NotifyBridge.Domain.Providers;

namespace NotifyBridge.Infrastructure.Ingest;

/// <summary>How the endpoint should answer an inbound call.</summary>
public sealed record WebhookOutcome(int StatusCode, string Title, string? Detail = null, long? EventId = null, bool Duplicate = false, TimeSpan? RetryAfter = null)
{
    public bool IsSuccess => StatusCode is >= 200 and < 300;
}

/// <summary>
/// The inbound webhook pipeline after the body is read: find the provider by slug,
/// rate-limit, authenticate (Gitea HMAC or shared token), parse, and hand the event and the
/// payload log row to the single writer. Answers only after the commit. Nothing is stored
/// for unknown slugs, failed authentication or rate-limited calls.
/// </summary>
public sealed class WebhookIngestService(
    WebhookProviderLookup providers,
    WebhookRateLimiter rateLimiter,
    IngestWriter writer,
    IOptions<WebhookOptions> options)
{
    private static readonly HashSet<string> RedactedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Cookie", WebhookTokens.HeaderName, "Proxy-Authorization",
    };

    public async Task<WebhookOutcome> HandleAsync(string slug, InboundRequest request, CancellationToken cancellationToken)
    {
        var provider = await providers.FindAsync(slug, cancellationToken).ConfigureAwait(false);
        if (provider is null || !provider.Enabled || !WebhookParsers.TryGet(provider.Type, out var parser))
            return new WebhookOutcome(404, "Not Found", "No enabled webhook provider has this URL.");

        var (allowed, retryAfter) = rateLimiter.TryAcquire(provider.Id);
        if (!allowed) return new WebhookOutcome(429, "Too Many Requests", "This provider is sending too fast; retry later.", RetryAfter: retryAfter);

        if (!IsAuthentic(provider.Type, request, provider.WebhookSecret))
            return new WebhookOutcome(401, "Unauthorized", provider.Type == ProviderType.Gitea
                ? "Missing or wrong X-Gitea-Signature (hex HMAC-SHA256 of the body with the provider's secret)."
                : "Missing or wrong token (send it as 'Authorization: Bearer <secret>', an X-Webhook-Token header or ?token=).");

        var result = parser.Parse(request, provider.SettingsJson);
        var outcome = result switch
        {
            ParseResult.Rejected rejected => new WebhookOutcome(400, "Bad Request", rejected.Message),
            ParseResult.Ignored ignored => new WebhookOutcome(202, "Accepted", $"Ignored: {ignored.Reason}"),
            _ => null,
        };
        if (outcome is not null)
        {
            await writer.WriteAsync(null, PayloadLog(provider, request, outcome), cancellationToken).ConfigureAwait(false);
            return outcome;
        }

        var normalized = ((ParseResult.Accepted)result).Event;
        var @event = new EventLogEntry
        {
            OwnerId = provider.OwnerId,
            ProviderId = provider.Id,
            ProviderName = provider.Name,
            EventType = normalized.EventType,
            CollectionId = normalized.CollectionId,
            CollectionName = normalized.CollectionName,
            Title = normalized.Title,
            Summary = normalized.Summary,
            Url = normalized.Url,
            Actor = normalized.Actor,
            AssetsCount = normalized.AssetsCount,
            Severity = normalized.Severity,
            DetailsJson = normalized.DetailsJson,
            DispatchStatus = DispatchStatus.Pending,
            IdempotencyKey = parser.DeliveryId(request) ?? IdempotencyKeyHeader(request),
        };
        var stored = await writer.WriteAsync(@event, PayloadLog(provider, request, new WebhookOutcome(200, "OK")), cancellationToken).ConfigureAwait(false);
        return stored.Outcome == IngestOutcome.Duplicate
            ? new WebhookOutcome(200, "OK", "Already received: this delivery id was stored before.", stored.EventId, Duplicate: true)
            : new WebhookOutcome(200, "OK", null, stored.EventId);
    }

    private static bool IsAuthentic(ProviderType type, InboundRequest request, string? secret) => type switch
    {
        ProviderType.Gitea => GiteaSignature.Verify(request, secret),
        _ => WebhookTokens.Matches(WebhookTokens.Extract(request), secret),
    };

    private static string? IdempotencyKeyHeader(InboundRequest request) =>
        request.Header("Idempotency-Key") is { Length: > 0 and <= 200 } key ? key : null;

    private WebhookPayloadLogEntry PayloadLog(WebhookProvider provider, InboundRequest request, WebhookOutcome outcome)
    {
        var limit = options.Value.PayloadLogBodyLimit;
        var text = Encoding.UTF8.GetString(request.Body, 0, Math.Min(request.Body.Length, limit));
        var headers = request.Headers
            .OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(h => h.Key, h => RedactedHeaders.Contains(h.Key) ? "[redacted]" : h.Value);
        return new WebhookPayloadLogEntry
        {
            OwnerId = provider.OwnerId,
            ProviderId = provider.Id,
            HeadersJson = JsonSerializer.Serialize(headers),
            Body = text,
            BodyBytes = request.Body.Length,
            BodyTruncated = request.Body.Length > limit,
            StatusCode = outcome.StatusCode,
            Outcome = outcome.Detail is { Length: > 500 } d ? d[..500] : outcome.Detail ?? outcome.Title,
        };
    }
}

namespace NotifyBridge.Domain.Providers;

/// <summary>
/// One recent inbound webhook call (headers and a capped body), kept for the provider's
/// "recent payloads" view. Newest N per provider are kept.
/// </summary>
public sealed class WebhookPayloadLogEntry
{
    public long Id { get; set; }
    public required string OwnerId { get; set; }
    public long ProviderId { get; set; }
    public DateTime ReceivedAt { get; set; }
    public string HeadersJson { get; set; } = "{}";
    public string Body { get; set; } = "";
    public int BodyBytes { get; set; }
    public bool BodyTruncated { get; set; }
    public int StatusCode { get; set; }
    public string? Outcome { get; set; }
    public long? EventId { get; set; }
}

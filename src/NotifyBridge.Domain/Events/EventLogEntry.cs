namespace NotifyBridge.Domain.Events;

/// <summary>
/// One event in the event log. <see cref="Id"/> grows with arrival, so it doubles as the
/// keyset-paging cursor (newest first = highest id first).
/// </summary>
public sealed class EventLogEntry
{
    public const int MaxTitleLength = 300;
    public const int MaxSummaryLength = 2000;

    public long Id { get; set; }
    public required string OwnerId { get; set; }
    public long? ProviderId { get; set; }
    public required string ProviderName { get; set; }
    public long? TrackerId { get; set; }
    public required string EventType { get; set; }
    public string? CollectionId { get; set; }
    public string? CollectionName { get; set; }
    public string Title { get; set; } = "";
    public string Summary { get; set; } = "";
    public string? Url { get; set; }
    public string? Actor { get; set; }
    public int AssetsCount { get; set; }
    public EventSeverity Severity { get; set; } = EventSeverity.Normal;

    /// <summary>The sender's delivery id (or Idempotency-Key); unique per provider, so a redelivery stores nothing new.</summary>
    public string? IdempotencyKey { get; set; }
    public string DetailsJson { get; set; } = "{}";
    public DispatchStatus DispatchStatus { get; set; }
    public DateTime CreatedAt { get; set; }
}

namespace NotifyBridge.Domain.Events;

/// <summary>
/// Per-provider totals maintained on every event insert and retention delete, so the
/// dashboard reads a handful of rows instead of grouping the whole event log.
/// </summary>
public sealed class ProviderEventCounter
{
    public long ProviderId { get; set; }
    public required string OwnerId { get; set; }
    public long EventCount { get; set; }
    public long AssetCount { get; set; }
    public DateTime? LastEventAt { get; set; }
}

namespace NotifyBridge.Domain.Dispatch.Deferral;

public enum DeferredDispatchKind
{
    /// <summary>Held during quiet hours; fires at the end of the quiet period.</summary>
    QuietHours = 0,
    /// <summary>Burst coalescing: fires when the link's burst window closes.</summary>
    Burst,
    /// <summary>Summary mode: one digest per link listing everything held in quiet hours.</summary>
    Digest,
}

public enum DeferredDispatchStatus
{
    Pending = 0,
    /// <summary>Turned into deliveries.</summary>
    Fired,
    /// <summary>Nothing to send any more (link disabled or deleted before it fired).</summary>
    Dropped,
    /// <summary>Firing failed (e.g. the stored payload could not be read); kept for the admin.</summary>
    Failed,
}

/// <summary>
/// A held notification: one pending row per (link, kind, collection, event type); later events
/// coalesce into it (see <see cref="DeferredBatch"/> for the asset rules). The drain job fires
/// due rows into deliveries and keeps the row with <see cref="FiredAt"/> until retention.
/// </summary>
public sealed class DeferredDispatch
{
    public const int MaxErrorLength = 1000;

    public long Id { get; set; }
    public long LinkId { get; set; }
    public DeferredDispatchKind Kind { get; set; }

    /// <summary>The collection id, or "" for events without one (so the unique key has no NULLs).</summary>
    public string CollectionKey { get; set; } = "";
    public string? CollectionName { get; set; }

    /// <summary>The event type, or "*" for a digest.</summary>
    public required string EventType { get; set; }
    public DeferredDispatchStatus Status { get; set; }
    public DateTime DueAt { get; set; }

    /// <summary>Asset ids kept (capped), as a JSON array.</summary>
    public string AssetIdsJson { get; set; } = "[]";
    public long MoreAssetCount { get; set; }
    public long AssetCount { get; set; }
    public int EventCount { get; set; }
    public string? Actor { get; set; }
    public bool SeveralActors { get; set; }
    public DateTime FirstEventAt { get; set; }
    public DateTime LastEventAt { get; set; }
    public long LastEventId { get; set; }
    public string Locale { get; set; } = "en";
    public string? Error { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? FiredAt { get; set; }

    public const string DigestEventType = "*";
}

/// <summary>Which events a deferred row holds, so their dispatch status can follow the row.</summary>
public sealed class DeferredDispatchEvent
{
    public long DeferredDispatchId { get; set; }
    public long EventId { get; set; }
}

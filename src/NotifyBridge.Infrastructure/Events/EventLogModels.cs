using NotifyBridge.Domain.Events;

namespace NotifyBridge.Infrastructure.Events;

/// <summary>The dashboard's (and /api/v1/events') filters. All optional; times are UTC, To is exclusive.</summary>
public sealed record EventFilter(
    string? EventType = null,
    long? ProviderId = null,
    long? TrackerId = null,
    DateTime? From = null,
    DateTime? To = null,
    string? Search = null,
    bool OldestFirst = false);

/// <summary>One row of the event list (no details JSON: that is read when a row is opened).</summary>
public sealed record EventRow(
    long Id, DateTime CreatedAt, string EventType, long? ProviderId, string ProviderName, long? TrackerId,
    string? CollectionId, string? CollectionName, string Title, string Summary, string? Url, string? Actor,
    int AssetsCount, EventSeverity Severity, DispatchStatus DispatchStatus);

/// <summary>A page of events and the cursor for the next one (null at the end).</summary>
public sealed record EventPage(IReadOnlyList<EventRow> Items, long? NextCursor);

public sealed record ProviderCount(long ProviderId, string ProviderName, long EventCount, long AssetCount, DateTime? LastEventAt);

public sealed record HourlyBucket(long ProviderId, DateTime HourStart, long Count);

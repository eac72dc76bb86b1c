using NotifyBridge.Domain.Deliveries;
using NotifyBridge.Domain.Dispatch.Deferral;
using NotifyBridge.Domain.Targets;

namespace NotifyBridge.Infrastructure.Deliveries;

/// <summary>
/// One delivery as the Deliveries page and the event dialog show it. A single-event delivery
/// has <see cref="EventId"/> and <see cref="EventTitle"/>; a deferred, burst or digest delivery
/// has <see cref="DeferredDispatchId"/> and says how many events it speaks for.
/// </summary>
public sealed record DeliveryRow(
    long Id,
    long? EventId,
    string? EventTitle,
    string? EventType,
    long? DeferredDispatchId,
    int? HeldEventCount,
    string? HeldEventType,
    long TargetId,
    string TargetName,
    TargetType TargetType,
    DeliveryStatus Status,
    int Attempts,
    string? LastError,
    int? LastHttpStatus,
    DateTime NextAttemptAt,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? DeliveredAt)
{
    /// <summary>Dead and cancelled deliveries can be sent again.</summary>
    public bool CanRedeliver => DeliveryRedelivery.IsRedeliverable(Status);

    /// <summary>What the delivery is about, for a table cell.</summary>
    public string Subject => EventTitle is { Length: > 0 } title ? title
        : HeldEventCount is { } count ? $"{count} held {(count == 1 ? "event" : "events")}{(HeldEventType is { } t && t != DeferredDispatch.DigestEventType ? $" ({t})" : " (digest)")}"
        : EventType ?? $"Delivery {Id}";
}

/// <summary>Filters of the Deliveries page; null means any.</summary>
public sealed record DeliveryFilter(DeliveryStatus? Status = null, long? TargetId = null, long? EventId = null);

/// <param name="NextBefore">The cursor for the next (older) page; null on the last page.</param>
public sealed record DeliveryPage(IReadOnlyList<DeliveryRow> Rows, long? NextBefore);

/// <summary>A deferred row holding the event: nothing is sent until <see cref="DueAt"/>.</summary>
public sealed record HeldDispatch(long Id, DeferredDispatchKind Kind, DeferredDispatchStatus Status, DateTime DueAt, int EventCount, long TargetId, string TargetName);

/// <summary>Everything the event dialog shows about where an event went.</summary>
public sealed record EventDeliveries(IReadOnlyList<DeliveryRow> Deliveries, IReadOnlyList<HeldDispatch> Held)
{
    public static readonly EventDeliveries None = new([], []);
}

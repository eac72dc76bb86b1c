namespace NotifyBridge.Domain.Deliveries;

/// <summary>
/// One message to one target: the outbox row. Written in the same transaction as the event
/// (or by the deferred-dispatch drain), sent by the delivery worker. <see cref="IdempotencyKey"/>
/// never changes, so an attempt repeated after a crash carries the same key (Matrix txn id,
/// X-NotifyBridge-Delivery).
/// </summary>
public sealed class Delivery
{
    public const int MaxErrorLength = 1000;

    public long Id { get; set; }

    /// <summary>The event for a single-event delivery; null for a deferred/burst/digest delivery.</summary>
    public long? EventId { get; set; }

    /// <summary>The deferred row whose batch this delivery sends.</summary>
    public long? DeferredDispatchId { get; set; }
    public long? LinkId { get; set; }
    public long TargetId { get; set; }
    public DeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }

    /// <summary>While <see cref="DeliveryStatus.Sending"/>: the instance that claimed it and until when.</summary>
    public string? LeaseOwner { get; set; }
    public DateTime? LeaseUntil { get; set; }
    public required string IdempotencyKey { get; set; }

    /// <summary>Template locale chosen when the delivery was planned.</summary>
    public string Locale { get; set; } = "en";
    public string? LastError { get; set; }
    public int? LastHttpStatus { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? DeliveredAt { get; set; }

    public static string NewIdempotencyKey() => Guid.NewGuid().ToString("N");
}

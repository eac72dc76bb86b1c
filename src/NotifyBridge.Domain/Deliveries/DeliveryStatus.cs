namespace NotifyBridge.Domain.Deliveries;

/// <summary>Where one delivery (one message to one target) stands. Stored as its name.</summary>
public enum DeliveryStatus
{
    /// <summary>Waiting for its next attempt (<see cref="Delivery.NextAttemptAt"/>).</summary>
    Pending = 0,
    /// <summary>Claimed by a worker; an expired lease means the worker died and the row is retried with the same idempotency key.</summary>
    Sending,
    Delivered,
    /// <summary>Gave up (permanent failure or attempts exhausted); an admin can redeliver.</summary>
    Dead,
    /// <summary>Its target or link went away before it could be sent.</summary>
    Cancelled,
}

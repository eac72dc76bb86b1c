namespace NotifyBridge.Domain.Events;

/// <summary>
/// What became of an event's notifications. One enum shared by storage, API and UI
/// (stored as its name, so the database stays readable).
/// </summary>
public enum DispatchStatus
{
    /// <summary>Stored; dispatch has not decided yet.</summary>
    Pending = 0,
    /// <summary>No enabled link matched the event.</summary>
    NoTargets,
    Delivered,
    Deferred,
    DeferredThenDelivered,
    DeferredThenDropped,
    DroppedQuietHours,
    Failed,
    PartiallyFailed,
}

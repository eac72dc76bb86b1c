using NotifyBridge.Domain.Events;

namespace NotifyBridge.Domain.Dispatch;

/// <summary>What is known about one event's notifications at a moment.</summary>
/// <param name="Open">Deliveries not finished yet (pending or sending).</param>
/// <param name="Delivered">Deliveries that succeeded.</param>
/// <param name="Dead">Deliveries that gave up (or were cancelled).</param>
/// <param name="HeldInQuietHours">Quiet-hours or digest rows still waiting to fire.</param>
/// <param name="WasDeferred">The event was held in quiet hours at some point (fired or dropped since).</param>
/// <param name="DroppedDeferred">Held rows that were dropped instead of fired.</param>
/// <param name="DroppedInQuietHours">Links that dropped the event outright in quiet hours.</param>
/// <param name="OpenBursts">Burst windows holding the event that have not closed yet.</param>
public sealed record DispatchFacts(
    int Open = 0,
    int Delivered = 0,
    int Dead = 0,
    int HeldInQuietHours = 0,
    bool WasDeferred = false,
    int DroppedDeferred = 0,
    bool DroppedInQuietHours = false,
    int OpenBursts = 0);

/// <summary>
/// The event's one dispatch status from its facts: still working → Pending (or Deferred while
/// only quiet hours hold it); all finished → delivered / failed / partially failed, with the
/// "deferred then" variants when quiet hours held it first.
/// </summary>
public static class DispatchStatusRules
{
    public static DispatchStatus Decide(DispatchFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (facts.Open > 0 || facts.OpenBursts > 0) return DispatchStatus.Pending;
        if (facts.HeldInQuietHours > 0) return facts.Delivered + facts.Dead > 0 ? DispatchStatus.Pending : DispatchStatus.Deferred;

        var finished = facts.Delivered + facts.Dead;
        if (finished == 0)
        {
            if (facts.WasDeferred && facts.DroppedDeferred > 0) return DispatchStatus.DeferredThenDropped;
            return facts.DroppedInQuietHours ? DispatchStatus.DroppedQuietHours : DispatchStatus.NoTargets;
        }
        if (facts.Dead == 0) return facts.WasDeferred ? DispatchStatus.DeferredThenDelivered : DispatchStatus.Delivered;
        return facts.Delivered == 0 ? DispatchStatus.Failed : DispatchStatus.PartiallyFailed;
    }
}

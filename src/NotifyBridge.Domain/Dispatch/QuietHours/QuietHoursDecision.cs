using NotifyBridge.Domain.Events;

namespace NotifyBridge.Domain.Dispatch.QuietHours;

/// <summary>What a link does with events that arrive during quiet hours and cannot wait.</summary>
public enum NonDeferrableBehaviour
{
    /// <summary>Dropped; the event log records "dropped in quiet hours".</summary>
    Drop = 0,
    /// <summary>Delivered anyway.</summary>
    Deliver = 1,
}

/// <summary>A link's quiet-hours settings. No window means the link is never quiet.</summary>
public sealed record QuietHoursPolicy(
    QuietHoursWindow? Window,
    EventSeverity? BypassAtOrAbove = null,
    NonDeferrableBehaviour NonDeferrable = NonDeferrableBehaviour.Drop)
{
    public static readonly QuietHoursPolicy None = new(Window: null);
}

/// <summary>Why an event is delivered now; the event log and the UI can say so.</summary>
public enum DeliverReason
{
    NoQuietHours = 0,
    NotQuiet,
    SeverityBypass,
    NonDeferrableDelivered,
}

/// <summary>Why an event is dropped.</summary>
public enum DropReason
{
    NonDeferrable = 0,
    /// <summary>Deferrable, but the window covers the whole week, so there is no end to defer to.</summary>
    QuietNeverEnds,
}

/// <summary>
/// The quiet-hours answer for one event on one link: deliver now, hold until the quiet period
/// ends, or drop. Deciding it as a pure function of (policy, event, instant, zone) keeps the
/// dispatcher free of time arithmetic and lets tests walk through DST changes with plain dates.
/// </summary>
public abstract record QuietHoursDecision
{
    private QuietHoursDecision() { }

    public sealed record Deliver(DeliverReason Reason) : QuietHoursDecision;

    /// <summary>Hold the event; it fires at <paramref name="UntilUtc"/>, the end of the quiet period.</summary>
    public sealed record Defer(DateTime UntilUtc) : QuietHoursDecision;

    public sealed record Drop(DropReason Reason) : QuietHoursDecision;

    /// <summary>
    /// Decides in this order: no window or not quiet → deliver; severity at or above the bypass →
    /// deliver; deferrable → defer to the end of the (merged) quiet period; otherwise the link's
    /// non-deferrable behaviour. A deferrable event in an always-quiet window has nowhere to go and
    /// is treated like a non-deferrable one, so "Deliver" links still get it.
    /// </summary>
    public static QuietHoursDecision Decide(
        QuietHoursPolicy policy, EventSeverity severity, bool deferrable, DateTime utcNow, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(zone);
        if (policy.Window is null) return new Deliver(DeliverReason.NoQuietHours);
        var period = policy.Window.CurrentPeriod(utcNow, zone);
        if (period is null) return new Deliver(DeliverReason.NotQuiet);
        if (policy.BypassAtOrAbove is { } bypass && severity >= bypass) return new Deliver(DeliverReason.SeverityBypass);
        if (deferrable && period.EndUtc is { } end) return new Defer(end);
        if (policy.NonDeferrable == NonDeferrableBehaviour.Deliver) return new Deliver(DeliverReason.NonDeferrableDelivered);
        return new Drop(deferrable ? DropReason.QuietNeverEnds : DropReason.NonDeferrable);
    }
}

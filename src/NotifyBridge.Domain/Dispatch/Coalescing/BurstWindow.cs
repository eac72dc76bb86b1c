namespace NotifyBridge.Domain.Dispatch.Coalescing;

/// <summary>Whether a new event joins the open burst or starts a new one.</summary>
public enum BurstDecision
{
    StartNew = 0,
    Join,
}

/// <summary>
/// Burst coalescing per link: events of the same type and collection that arrive within a
/// window of the burst's FIRST event become one notification ("Anna added 37 photos to Trip").
/// Measuring from the first event, not the latest, bounds how long a steady trickle can hold a
/// notification back to one window.
/// </summary>
public static class BurstWindow
{
    /// <summary>
    /// Join when a burst is open and the event lies before <c>first + window</c>. An event stamped
    /// slightly before the burst's first event (clocks of different sources) still joins. No open
    /// burst, or no positive window (coalescing off), starts a new one.
    /// </summary>
    public static BurstDecision Decide(DateTime? openBurstFirstEventUtc, DateTime eventUtc, TimeSpan? window)
    {
        if (openBurstFirstEventUtc is not { } first || window is not { } length || length <= TimeSpan.Zero)
            return BurstDecision.StartNew;
        return eventUtc < first + length ? BurstDecision.Join : BurstDecision.StartNew;
    }

    /// <summary>When an open burst is complete and its notification should be sent.</summary>
    public static DateTime ClosesAtUtc(DateTime firstEventUtc, TimeSpan window) => firstEventUtc + window;
}

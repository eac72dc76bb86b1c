namespace NotifyBridge.Domain.Retention;

/// <summary>
/// When the nightly retention run is due: once per local day, at or after the configured
/// local time in the app's time zone. Deciding it here (rather than with a fixed cron
/// expression) lets an admin change the time zone without re-registering schedules, and
/// a missed night (app down at 03:00) runs as soon as the app is back.
/// </summary>
public static class RetentionSchedule
{
    public static readonly TimeOnly DefaultRunAt = new(3, 0);

    public static bool IsDue(DateTime utcNow, TimeZoneInfo zone, DateTime? lastRunUtc, TimeOnly runAt)
    {
        var localNow = TimeZoneInfo.ConvertTimeFromUtc(utcNow, zone);
        if (TimeOnly.FromDateTime(localNow) < runAt) return false;
        if (lastRunUtc is null) return true;
        var localLast = TimeZoneInfo.ConvertTimeFromUtc(lastRunUtc.Value, zone);
        // Due when the last run happened before today's run time.
        var todaysRunLocal = localNow.Date + runAt.ToTimeSpan();
        return localLast < todaysRunLocal;
    }

    /// <summary>Rows created before this instant are removed; null when retention is off (0 days).</summary>
    public static DateTime? Cutoff(DateTime utcNow, int retentionDays) =>
        retentionDays <= 0 ? null : utcNow.AddDays(-retentionDays);
}

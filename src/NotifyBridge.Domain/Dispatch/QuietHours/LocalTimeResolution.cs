namespace NotifyBridge.Domain.Dispatch.QuietHours;

/// <summary>
/// Turns a wall-clock time into a UTC instant when the wall clock may skip or repeat it.
/// Both rules lean towards "more quiet": a notification held a little longer is harmless,
/// one sent at 02:30 that the user asked to hold is not.
/// </summary>
public static class LocalTimeResolution
{
    /// <summary>
    /// Start of quiet: a time inside the spring-forward gap becomes the first valid instant after
    /// the gap; a time in the fall-back overlap takes its FIRST occurrence (quiet begins as soon
    /// as the clock shows the start).
    /// </summary>
    public static DateTime StartToUtc(DateTime local, TimeZoneInfo zone) => ToUtc(local, zone, earliest: true);

    /// <summary>
    /// End of quiet (where deferred items fire): a time inside the gap becomes the first valid
    /// instant after the gap; a time in the overlap takes its SECOND occurrence, so nothing fires
    /// while the clock can still read a quiet time (e.g. end 02:30 on 2026-10-25 in Berlin is
    /// 02:30 CET = 01:30 UTC, not 02:30 CEST = 00:30 UTC).
    /// </summary>
    public static DateTime EndToUtc(DateTime local, TimeZoneInfo zone) => ToUtc(local, zone, earliest: false);

    private static DateTime ToUtc(DateTime local, TimeZoneInfo zone, bool earliest)
    {
        ArgumentNullException.ThrowIfNull(zone);
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local)) return TimeZoneInfo.ConvertTimeToUtc(FirstValidAfterGap(local, zone), zone);
        if (zone.IsAmbiguousTime(local))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            var offset = earliest ? offsets.Max() : offsets.Min();
            return DateTime.SpecifyKind(local - offset, DateTimeKind.Utc);
        }
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }

    /// <summary>
    /// The wall-clock time the gap jumps to. Transitions in the tz database fall on whole minutes,
    /// so walking forward a minute at a time from the start of the minute finds it exactly.
    /// </summary>
    private static DateTime FirstValidAfterGap(DateTime local, TimeZoneInfo zone)
    {
        var candidate = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, DateTimeKind.Unspecified);
        for (var i = 0; i < 24 * 60 && zone.IsInvalidTime(candidate); i++) candidate = candidate.AddMinutes(1);
        return candidate;
    }
}

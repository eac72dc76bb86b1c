using System.Globalization;

namespace NotifyBridge.Web.Components.Shared;

/// <summary>Shows stored UTC times in the app's time zone (Settings → Time zone).</summary>
internal static class AppTime
{
    public static DateTime ToLocal(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);

    /// <summary>The local time of day for today's times, the date and time for older ones.</summary>
    public static string Short(DateTime utc, TimeZoneInfo zone, DateTime nowUtc)
    {
        var local = ToLocal(utc, zone);
        return local.Date == ToLocal(nowUtc, zone).Date
            ? local.ToString("HH:mm:ss", CultureInfo.InvariantCulture)
            : local.ToString("MMM d, HH:mm", CultureInfo.InvariantCulture);
    }

    public static string Full(DateTime utc, TimeZoneInfo zone) =>
        ToLocal(utc, zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>Local midnight of <paramref name="localDate"/> as UTC (the first valid instant on DST days).</summary>
    public static DateTime LocalDateToUtc(DateTime localDate, TimeZoneInfo zone)
    {
        var local = DateTime.SpecifyKind(localDate.Date, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(30);
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }
}

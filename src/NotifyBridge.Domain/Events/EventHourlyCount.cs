namespace NotifyBridge.Domain.Events;

/// <summary>
/// Events per provider per UTC hour, maintained with every insert and retention delete so
/// the dashboard charts read at most 168 rows per provider instead of grouping the log.
/// </summary>
public sealed class EventHourlyCount
{
    public long ProviderId { get; set; }
    public DateTime HourStart { get; set; }
    public required string OwnerId { get; set; }
    public long Count { get; set; }

    public static DateTime HourOf(DateTime utc) => new(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, DateTimeKind.Utc);
}

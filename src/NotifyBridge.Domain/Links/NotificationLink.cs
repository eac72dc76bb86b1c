using NotifyBridge.Domain.Dispatch.QuietHours;
using NotifyBridge.Domain.Events;

namespace NotifyBridge.Domain.Links;

/// <summary>
/// Connects a provider (and, once trackers exist, a tracker) to a target: which events pass,
/// how they look (display options, locale, the templates of that locale), and when they may
/// be sent (quiet hours, burst coalescing).
/// </summary>
public sealed class NotificationLink
{
    public const int MaxNameLength = 100;

    public long Id { get; set; }
    public required string OwnerId { get; set; }
    public string? Name { get; set; }
    public long? ProviderId { get; set; }
    public long? TrackerId { get; set; }
    public long TargetId { get; set; }

    /// <summary>JSON array of event types that pass; empty array lets every type through.</summary>
    public string EventTypesJson { get; set; } = "[]";

    /// <summary>Events below this severity are ignored; null lets every severity through.</summary>
    public EventSeverity? MinSeverity { get; set; }

    /// <summary>JSON of <see cref="LinkDisplayOptions"/>.</summary>
    public string DisplayOptionsJson { get; set; } = "{}";

    /// <summary>Template locale; null uses the app's default locale.</summary>
    public string? Locale { get; set; }

    /// <summary>Quiet hours start (app time zone); null with <see cref="QuietEnd"/> means no quiet hours.</summary>
    public TimeOnly? QuietStart { get; set; }
    public TimeOnly? QuietEnd { get; set; }

    /// <summary>Bit per <see cref="DayOfWeek"/> (Sunday = bit 0) on which a quiet period starts; 127 = every day.</summary>
    public int QuietDaysMask { get; set; } = 127;
    public NonDeferrableBehaviour NonDeferrable { get; set; } = NonDeferrableBehaviour.Drop;

    /// <summary>Events at or above this severity are delivered even in quiet hours.</summary>
    public EventSeverity? BypassSeverity { get; set; }

    /// <summary>Deliver one digest at the end of quiet hours instead of one message per held group.</summary>
    public bool SummaryMode { get; set; }

    /// <summary>Burst coalescing window in seconds; 0 sends every event on its own.</summary>
    public int BurstWindowSeconds { get; set; }

    public bool Enabled { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public QuietHoursPolicy QuietHoursPolicy()
    {
        if (QuietStart is not { } start || QuietEnd is not { } end) return Dispatch.QuietHours.QuietHoursPolicy.None;
        var days = Enum.GetValues<DayOfWeek>().Where(d => (QuietDaysMask & (1 << (int)d)) != 0);
        return new QuietHoursPolicy(new QuietHoursWindow(start, end, days), BypassSeverity, NonDeferrable);
    }

    public static int DaysMask(IEnumerable<DayOfWeek> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        return days.Aggregate(0, (mask, d) => mask | (1 << (int)d));
    }
}

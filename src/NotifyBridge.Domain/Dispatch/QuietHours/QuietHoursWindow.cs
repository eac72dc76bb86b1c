namespace NotifyBridge.Domain.Dispatch.QuietHours;

/// <summary>
/// A link's quiet hours: a local start and end time on chosen days, read in the app's time zone.
/// A period starts on each chosen day at <see cref="Start"/> and ends at the next <see cref="End"/>
/// (the same day, or the next day when the window crosses midnight; start == end means a whole
/// day). Days name the day a period starts on, so "Fri 22:00–07:00" is quiet until Saturday 07:00.
/// </summary>
/// <remarks>
/// Local times are resolved to UTC per period (see <see cref="LocalTimeResolution"/>), so the
/// window follows the wall clock across daylight-saving changes: a start or end inside the
/// spring-forward gap moves to the end of the gap, and in the fall-back overlap a start takes the
/// first occurrence and an end the second — quiet hours never end early and deferred items never
/// fire while the wall clock can still read a quiet time.
/// </remarks>
public sealed class QuietHoursWindow
{
    private static readonly DayOfWeek[] AllDays = Enum.GetValues<DayOfWeek>();

    public QuietHoursWindow(TimeOnly start, TimeOnly end, IEnumerable<DayOfWeek> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        Start = start;
        End = end;
        Days = new HashSet<DayOfWeek>(days);
    }

    /// <summary>Every day of the week, the usual case.</summary>
    public static QuietHoursWindow Daily(TimeOnly start, TimeOnly end) => new(start, end, AllDays);

    public TimeOnly Start { get; }

    public TimeOnly End { get; }

    /// <summary>The days a quiet period starts on; empty means the window never applies.</summary>
    public IReadOnlySet<DayOfWeek> Days { get; }

    /// <summary>True when start == end every day: quiet all week, so a quiet period never ends.</summary>
    public bool IsAlwaysQuiet => Start == End && Days.Count == AllDays.Length;

    public bool IsQuiet(DateTime utcNow, TimeZoneInfo zone) => CurrentPeriod(utcNow, zone) is not null;

    /// <summary>
    /// The UTC instant the quiet period containing <paramref name="utcNow"/> ends — where deferred
    /// items fire. Back-to-back periods (e.g. all day Monday to Friday) count as one, so items held
    /// on Monday fire on Saturday, not at a Tuesday boundary that is still quiet. Null when
    /// <paramref name="utcNow"/> is not quiet, or when the window is <see cref="IsAlwaysQuiet"/>.
    /// </summary>
    public DateTime? NextEndUtc(DateTime utcNow, TimeZoneInfo zone) => CurrentPeriod(utcNow, zone)?.EndUtc;

    /// <summary>The merged quiet period containing <paramref name="utcNow"/>, or null when not quiet.</summary>
    public QuietPeriod? CurrentPeriod(DateTime utcNow, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (utcNow.Kind != DateTimeKind.Utc)
            throw new ArgumentException("Quiet hours are evaluated on a UTC instant.", nameof(utcNow));
        if (Days.Count == 0) return null;

        // A period lasts at most ~25 h, so one that contains now started today or on one of the
        // two days before. Looking 9 days ahead lets a chain of back-to-back periods (at most a
        // week, unless the window is always quiet) be merged into the one period it really is.
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utcNow, zone));
        var periods = new List<QuietPeriod>();
        for (var offset = -2; offset <= 9; offset++)
        {
            var day = today.AddDays(offset);
            if (Days.Contains(day.DayOfWeek)) periods.Add(PeriodStartingOn(day, zone));
        }

        periods.RemoveAll(p => p.StartUtc >= p.EndUtc!.Value); // emptied by a DST gap
        periods.Sort((x, y) => x.StartUtc.CompareTo(y.StartUtc));

        var merged = new List<(DateTime Start, DateTime End)>();
        foreach (var period in periods)
        {
            var end = period.EndUtc!.Value;
            if (merged.Count > 0 && period.StartUtc <= merged[^1].End)
            {
                if (end > merged[^1].End) merged[^1] = (merged[^1].Start, end);
            }
            else
            {
                merged.Add((period.StartUtc, end));
            }
        }

        foreach (var (start, end) in merged)
        {
            if (utcNow < start || utcNow >= end) continue;
            return new QuietPeriod(start, IsAlwaysQuiet ? null : end);
        }
        return null;
    }

    private QuietPeriod PeriodStartingOn(DateOnly day, TimeZoneInfo zone)
    {
        var endDay = End > Start ? day : day.AddDays(1);
        return new QuietPeriod(
            LocalTimeResolution.StartToUtc(day.ToDateTime(Start), zone),
            LocalTimeResolution.EndToUtc(endDay.ToDateTime(End), zone));
    }
}

/// <summary>One stretch of quiet in UTC; <see cref="EndUtc"/> is null when it never ends.</summary>
public sealed record QuietPeriod(DateTime StartUtc, DateTime? EndUtc);

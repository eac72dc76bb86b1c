using NotifyBridge.Domain.Dispatch.QuietHours;

namespace NotifyBridge.Tests.Domain.Dispatch;

public sealed class QuietHoursWindowTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static readonly DayOfWeek[] Weekdays =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    private static DateTime Utc(int month, int day, int hour, int minute = 0, int second = 0) =>
        new(2026, month, day, hour, minute, second, DateTimeKind.Utc);

    private static QuietHoursWindow Night() => QuietHoursWindow.Daily(new TimeOnly(22, 0), new TimeOnly(7, 0));

    [Fact]
    public void AcrossMidnight_Winter_QuietFromStartUntilEndNextMorning()
    {
        // 2026-01-15 (Thursday), Berlin is UTC+1.
        var window = Night();
        Assert.False(window.IsQuiet(Utc(1, 15, 20, 59, 59), Berlin));
        Assert.True(window.IsQuiet(Utc(1, 15, 21, 0), Berlin));
        Assert.True(window.IsQuiet(Utc(1, 15, 23, 30), Berlin));
        Assert.True(window.IsQuiet(Utc(1, 16, 5, 59, 59), Berlin));
        Assert.False(window.IsQuiet(Utc(1, 16, 6, 0), Berlin));
        Assert.Equal(Utc(1, 16, 6, 0), window.NextEndUtc(Utc(1, 15, 21, 0), Berlin));
        Assert.Equal(Utc(1, 16, 6, 0), window.NextEndUtc(Utc(1, 16, 2, 0), Berlin));
    }

    [Fact]
    public void NextEndUtc_NotQuiet_IsNull()
    {
        Assert.Null(Night().NextEndUtc(Utc(1, 15, 12, 0), Berlin));
    }

    [Fact]
    public void SameDayWindow_QuietOnlyBetweenStartAndEnd()
    {
        var window = QuietHoursWindow.Daily(new TimeOnly(9, 0), new TimeOnly(17, 0));
        Assert.False(window.IsQuiet(Utc(1, 15, 7, 59), Berlin));
        Assert.True(window.IsQuiet(Utc(1, 15, 8, 0), Berlin));
        Assert.Equal(Utc(1, 15, 16, 0), window.NextEndUtc(Utc(1, 15, 12, 0), Berlin));
        Assert.False(window.IsQuiet(Utc(1, 15, 16, 0), Berlin));
    }

    [Fact]
    public void AcrossMidnight_BerlinSpringForward_EndsAtSevenSummerTime()
    {
        // Night of Sat 2026-03-28 → Sun 03-29: starts 22:00 CET (21:00 UTC), ends 07:00 CEST (05:00 UTC).
        var window = Night();
        Assert.True(window.IsQuiet(Utc(3, 28, 21, 0), Berlin));
        Assert.Equal(Utc(3, 29, 5, 0), window.NextEndUtc(Utc(3, 28, 23, 0), Berlin));
        Assert.True(window.IsQuiet(Utc(3, 29, 4, 59), Berlin));
        Assert.False(window.IsQuiet(Utc(3, 29, 5, 0), Berlin));
    }

    [Fact]
    public void EndInsideSpringForwardGap_ResolvesToFirstInstantAfterGap()
    {
        // 02:30 does not exist in Berlin on 2026-03-29; the first valid instant is 03:00 CEST = 01:00 UTC.
        var window = QuietHoursWindow.Daily(new TimeOnly(23, 0), new TimeOnly(2, 30));
        Assert.True(window.IsQuiet(Utc(3, 29, 0, 59), Berlin)); // 01:59 CET
        Assert.Equal(Utc(3, 29, 1, 0), window.NextEndUtc(Utc(3, 29, 0, 45), Berlin));
        Assert.False(window.IsQuiet(Utc(3, 29, 1, 0), Berlin)); // 03:00 CEST
    }

    [Fact]
    public void StartInsideSpringForwardGap_StartsAtFirstInstantAfterGap()
    {
        var window = QuietHoursWindow.Daily(new TimeOnly(2, 30), new TimeOnly(6, 0));
        Assert.False(window.IsQuiet(Utc(3, 29, 0, 59), Berlin)); // 01:59 CET
        Assert.True(window.IsQuiet(Utc(3, 29, 1, 0), Berlin)); // 03:00 CEST
        Assert.Equal(Utc(3, 29, 4, 0), window.NextEndUtc(Utc(3, 29, 1, 0), Berlin)); // 06:00 CEST
        // The day before and after behave normally.
        Assert.True(window.IsQuiet(Utc(3, 28, 1, 30), Berlin)); // 02:30 CET
        Assert.True(window.IsQuiet(Utc(3, 30, 0, 30), Berlin)); // 02:30 CEST
    }

    [Fact]
    public void EndInsideFallBackOverlap_UsesSecondOccurrence()
    {
        // 2026-10-25 Berlin: 02:00–03:00 happens twice; 02:30 CEST = 00:30 UTC, 02:30 CET = 01:30 UTC.
        var window = QuietHoursWindow.Daily(new TimeOnly(23, 0), new TimeOnly(2, 30));
        Assert.Equal(Utc(10, 25, 1, 30), window.NextEndUtc(Utc(10, 24, 22, 0), Berlin));
        Assert.True(window.IsQuiet(Utc(10, 25, 0, 45), Berlin)); // 02:45 CEST: the clock will read 02:30 again
        Assert.True(window.IsQuiet(Utc(10, 25, 1, 15), Berlin)); // 02:15 CET
        Assert.False(window.IsQuiet(Utc(10, 25, 1, 30), Berlin)); // 02:30 CET
    }

    [Fact]
    public void StartInsideFallBackOverlap_UsesFirstOccurrence()
    {
        var window = QuietHoursWindow.Daily(new TimeOnly(2, 30), new TimeOnly(4, 0));
        Assert.False(window.IsQuiet(Utc(10, 25, 0, 29), Berlin));
        Assert.True(window.IsQuiet(Utc(10, 25, 0, 30), Berlin)); // 02:30 CEST
        Assert.Equal(Utc(10, 25, 3, 0), window.NextEndUtc(Utc(10, 25, 0, 30), Berlin)); // 04:00 CET
    }

    [Fact]
    public void AcrossMidnight_BerlinFallBack_EndsAtSevenWinterTime()
    {
        // Starts 22:00 CEST on Sat 10-24 (20:00 UTC), ends 07:00 CET on Sun 10-25 (06:00 UTC): 10 hours.
        var window = Night();
        Assert.False(window.IsQuiet(Utc(10, 24, 19, 59), Berlin));
        Assert.True(window.IsQuiet(Utc(10, 24, 20, 0), Berlin));
        Assert.Equal(Utc(10, 25, 6, 0), window.NextEndUtc(Utc(10, 24, 20, 0), Berlin));
    }

    [Fact]
    public void AcrossMidnight_NewYorkSpringForward_EndsAtSevenDaylightTime()
    {
        // Starts 22:00 EST Sat 03-07 (03:00 UTC 03-08), ends 07:00 EDT Sun 03-08 (11:00 UTC).
        var window = Night();
        Assert.False(window.IsQuiet(Utc(3, 8, 2, 59), NewYork));
        Assert.True(window.IsQuiet(Utc(3, 8, 3, 0), NewYork));
        Assert.Equal(Utc(3, 8, 11, 0), window.NextEndUtc(Utc(3, 8, 6, 30), NewYork));
        Assert.False(window.IsQuiet(Utc(3, 8, 11, 0), NewYork));
    }

    [Fact]
    public void WindowEntirelyInsideGap_IsNeverQuietThatNight()
    {
        // 02:00–02:59 does not exist in New York on 2026-03-08; both ends resolve to 03:00 EDT.
        var window = QuietHoursWindow.Daily(new TimeOnly(2, 0), new TimeOnly(2, 59));
        Assert.False(window.IsQuiet(Utc(3, 8, 7, 0), NewYork));
        Assert.False(window.IsQuiet(Utc(3, 8, 6, 59), NewYork));
        Assert.True(window.IsQuiet(Utc(3, 9, 6, 30), NewYork)); // 02:30 EDT the next night
    }

    [Fact]
    public void EndInsideNewYorkFallBackOverlap_UsesSecondOccurrence()
    {
        // 2026-11-01 New York: 01:00–02:00 happens twice; 01:30 EDT = 05:30 UTC, 01:30 EST = 06:30 UTC.
        var window = QuietHoursWindow.Daily(new TimeOnly(0, 0), new TimeOnly(1, 30));
        Assert.True(window.IsQuiet(Utc(11, 1, 4, 0), NewYork)); // 00:00 EDT
        Assert.True(window.IsQuiet(Utc(11, 1, 5, 45), NewYork)); // 01:45 EDT
        Assert.Equal(Utc(11, 1, 6, 30), window.NextEndUtc(Utc(11, 1, 5, 45), NewYork));
        Assert.False(window.IsQuiet(Utc(11, 1, 6, 30), NewYork));
    }

    [Fact]
    public void WeekdaysOnly_FridayNightRunsIntoSaturday_WeekendNightsAreNotQuiet()
    {
        var window = new QuietHoursWindow(new TimeOnly(22, 0), new TimeOnly(7, 0), Weekdays);
        Assert.True(window.IsQuiet(Utc(1, 16, 22, 0), Berlin)); // Fri 23:00
        Assert.Equal(Utc(1, 17, 6, 0), window.NextEndUtc(Utc(1, 16, 22, 0), Berlin)); // Sat 07:00
        Assert.True(window.IsQuiet(Utc(1, 17, 2, 0), Berlin)); // Sat 03:00, started Friday
        Assert.False(window.IsQuiet(Utc(1, 17, 22, 0), Berlin)); // Sat 23:00
        Assert.False(window.IsQuiet(Utc(1, 18, 22, 0), Berlin)); // Sun 23:00
        Assert.False(window.IsQuiet(Utc(1, 19, 1, 0), Berlin)); // Mon 02:00, Sunday night is not quiet
        Assert.True(window.IsQuiet(Utc(1, 19, 21, 0), Berlin)); // Mon 22:00
    }

    [Fact]
    public void StartEqualsEnd_IsAllDay()
    {
        var window = new QuietHoursWindow(new TimeOnly(8, 0), new TimeOnly(8, 0), [DayOfWeek.Monday]);
        // Mon 2026-01-19 08:00 CET → Tue 08:00 CET.
        Assert.False(window.IsQuiet(Utc(1, 19, 6, 59), Berlin));
        Assert.True(window.IsQuiet(Utc(1, 19, 7, 0), Berlin));
        Assert.True(window.IsQuiet(Utc(1, 20, 6, 59), Berlin));
        Assert.Equal(Utc(1, 20, 7, 0), window.NextEndUtc(Utc(1, 19, 12, 0), Berlin));
        Assert.False(window.IsQuiet(Utc(1, 20, 7, 0), Berlin));
        Assert.False(window.IsAlwaysQuiet);
    }

    [Fact]
    public void AllDayWeekend_BackToBackDays_EndOnMondayMidnight()
    {
        var window = new QuietHoursWindow(TimeOnly.MinValue, TimeOnly.MinValue, [DayOfWeek.Saturday, DayOfWeek.Sunday]);
        Assert.False(window.IsQuiet(Utc(1, 16, 22, 59), Berlin)); // Fri 23:59
        Assert.True(window.IsQuiet(Utc(1, 16, 23, 0), Berlin)); // Sat 00:00
        // Held on Saturday, fired Monday 00:00 — not at the Sunday boundary, which is still quiet.
        Assert.Equal(Utc(1, 18, 23, 0), window.NextEndUtc(Utc(1, 17, 11, 0), Berlin));
        Assert.Equal(Utc(1, 18, 23, 0), window.NextEndUtc(Utc(1, 18, 11, 0), Berlin));
    }

    [Fact]
    public void AllDayWeekend_AcrossFallBack_EndsAtLocalMidnightWinterTime()
    {
        // Sat 10-24 00:00 CEST (10-23 22:00 UTC) → Mon 10-26 00:00 CET (10-25 23:00 UTC).
        var window = new QuietHoursWindow(TimeOnly.MinValue, TimeOnly.MinValue, [DayOfWeek.Saturday, DayOfWeek.Sunday]);
        Assert.True(window.IsQuiet(Utc(10, 23, 22, 0), Berlin));
        Assert.Equal(Utc(10, 25, 23, 0), window.NextEndUtc(Utc(10, 24, 12, 0), Berlin));
    }

    [Fact]
    public void AllDayEveryDay_IsAlwaysQuiet_AndNeverEnds()
    {
        var window = QuietHoursWindow.Daily(new TimeOnly(6, 0), new TimeOnly(6, 0));
        Assert.True(window.IsAlwaysQuiet);
        Assert.True(window.IsQuiet(Utc(3, 29, 1, 0), Berlin));
        Assert.True(window.IsQuiet(Utc(10, 25, 1, 0), Berlin));
        Assert.Null(window.NextEndUtc(Utc(6, 1, 12, 0), Berlin));
    }

    [Fact]
    public void AllDayEveryDayAtMidnight_AcrossBothDstChanges_StaysQuiet()
    {
        var window = QuietHoursWindow.Daily(TimeOnly.MinValue, TimeOnly.MinValue);
        for (var at = Utc(3, 27, 0, 0); at < Utc(3, 31, 0, 0); at = at.AddMinutes(15))
            Assert.True(window.IsQuiet(at, NewYork));
        for (var at = Utc(10, 23, 0, 0); at < Utc(10, 27, 0, 0); at = at.AddMinutes(15))
            Assert.True(window.IsQuiet(at, Berlin));
    }

    [Fact]
    public void NoDays_IsNeverQuiet()
    {
        var window = new QuietHoursWindow(new TimeOnly(22, 0), new TimeOnly(7, 0), []);
        Assert.False(window.IsQuiet(Utc(1, 15, 23, 0), Berlin));
        Assert.Null(window.NextEndUtc(Utc(1, 15, 23, 0), Berlin));
    }

    [Fact]
    public void NonUtcInstant_Throws()
    {
        var local = new DateTime(2026, 1, 15, 23, 0, 0, DateTimeKind.Local);
        Assert.Throws<ArgumentException>(() => Night().IsQuiet(local, Berlin));
    }

    [Fact]
    public void NextEnd_AroundEveryDstChange_IsAfterNow_QuietUntilThen_AndNotQuietThere()
    {
        // Sweeps four days around each 2026 DST change of both zones in 10-minute steps: whenever it
        // is quiet, the end is in the future, it is still quiet just before it, and the end instant
        // itself is not quiet (so deferred items never fire into quiet hours).
        QuietHoursWindow[] windows =
        [
            Night(),
            QuietHoursWindow.Daily(new TimeOnly(2, 30), new TimeOnly(2, 15)),
            QuietHoursWindow.Daily(new TimeOnly(1, 30), new TimeOnly(2, 30)),
            new(new TimeOnly(23, 0), new TimeOnly(23, 0), Weekdays),
        ];
        DateTime[] changes = [Utc(3, 8, 7, 0), Utc(3, 29, 1, 0), Utc(10, 25, 1, 0), Utc(11, 1, 6, 0)];
        foreach (var zone in new[] { Berlin, NewYork })
        foreach (var window in windows)
        foreach (var change in changes)
        for (var at = change.AddDays(-2); at < change.AddDays(2); at = at.AddMinutes(10))
        {
            var end = window.NextEndUtc(at, zone);
            if (end is null)
            {
                Assert.False(window.IsQuiet(at, zone));
                continue;
            }
            var label = $"{zone.Id} {window.Start}-{window.End} at {at:O} ends {end:O}";
            Assert.True(end > at, label);
            Assert.True(window.IsQuiet(end.Value.AddTicks(-1), zone), label);
            Assert.False(window.IsQuiet(end.Value, zone), label);
        }
    }
}

using NotifyBridge.Domain.Retention;

namespace NotifyBridge.Tests.Domain;

public sealed class RetentionScheduleTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeOnly Three = new(3, 0);

    [Fact]
    public void NotDue_BeforeThreeLocal_DueAtThree_OncePerDay()
    {
        var lastNight = new DateTime(2026, 3, 9, 2, 0, 0, DateTimeKind.Utc);
        Assert.False(RetentionSchedule.IsDue(new DateTime(2026, 3, 10, 1, 59, 0, DateTimeKind.Utc), Berlin, lastNight, Three));
        Assert.True(RetentionSchedule.IsDue(new DateTime(2026, 3, 10, 2, 0, 0, DateTimeKind.Utc), Berlin, lastNight, Three));
        Assert.False(RetentionSchedule.IsDue(new DateTime(2026, 3, 10, 9, 0, 0, DateTimeKind.Utc), Berlin, new DateTime(2026, 3, 10, 2, 0, 0, DateTimeKind.Utc), Three));
    }

    [Fact]
    public void MissedNight_RunsWhenBack_AndFirstEverRunIsDue()
    {
        Assert.True(RetentionSchedule.IsDue(new DateTime(2026, 3, 10, 15, 0, 0, DateTimeKind.Utc), Berlin, new DateTime(2026, 3, 8, 2, 0, 0, DateTimeKind.Utc), Three));
        Assert.True(RetentionSchedule.IsDue(new DateTime(2026, 3, 10, 15, 0, 0, DateTimeKind.Utc), Berlin, null, Three));
    }

    [Fact]
    public void DstSpringForward_StillRunsOnce()
    {
        // 2026-03-29: Berlin jumps from 02:00 to 03:00; 03:00 local is 01:00 UTC.
        var before = new DateTime(2026, 3, 29, 0, 59, 0, DateTimeKind.Utc);
        var at = new DateTime(2026, 3, 29, 1, 0, 0, DateTimeKind.Utc);
        var last = new DateTime(2026, 3, 28, 2, 0, 0, DateTimeKind.Utc);
        Assert.False(RetentionSchedule.IsDue(before, Berlin, last, Three));
        Assert.True(RetentionSchedule.IsDue(at, Berlin, last, Three));
        Assert.False(RetentionSchedule.IsDue(at.AddHours(3), Berlin, at, Three));
    }

    [Fact]
    public void Cutoff_IsNullWhenRetentionIsOff()
    {
        var now = new DateTime(2026, 3, 10, 0, 0, 0, DateTimeKind.Utc);
        Assert.Null(RetentionSchedule.Cutoff(now, 0));
        Assert.Equal(now.AddDays(-30), RetentionSchedule.Cutoff(now, 30));
    }
}

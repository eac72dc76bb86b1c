using NotifyBridge.Domain.Dispatch.QuietHours;

namespace NotifyBridge.Tests.Domain.Dispatch;

public sealed class LocalTimeResolutionTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static DateTime Local(int month, int day, int hour, int minute) =>
        new(2026, month, day, hour, minute, 0, DateTimeKind.Unspecified);

    [Fact]
    public void StartAndEnd_InSpringForwardGap_BothResolveToGapEnd()
    {
        var expected = new DateTime(2026, 3, 29, 1, 0, 0, DateTimeKind.Utc);
        Assert.Equal(expected, LocalTimeResolution.StartToUtc(Local(3, 29, 2, 30), Berlin));
        Assert.Equal(expected, LocalTimeResolution.EndToUtc(Local(3, 29, 2, 30), Berlin));
        Assert.Equal(expected, LocalTimeResolution.EndToUtc(Local(3, 29, 2, 0), Berlin));
    }

    [Fact]
    public void FallBackOverlap_StartTakesFirst_EndTakesSecond()
    {
        Assert.Equal(new DateTime(2026, 10, 25, 0, 30, 0, DateTimeKind.Utc), LocalTimeResolution.StartToUtc(Local(10, 25, 2, 30), Berlin));
        Assert.Equal(new DateTime(2026, 10, 25, 1, 30, 0, DateTimeKind.Utc), LocalTimeResolution.EndToUtc(Local(10, 25, 2, 30), Berlin));
    }

    [Fact]
    public void OrdinaryTime_ConvertsNormally()
    {
        var expected = new DateTime(2026, 7, 1, 10, 0, 0, DateTimeKind.Utc);
        Assert.Equal(expected, LocalTimeResolution.StartToUtc(Local(7, 1, 12, 0), Berlin));
        Assert.Equal(expected, LocalTimeResolution.EndToUtc(Local(7, 1, 12, 0), Berlin));
    }
}

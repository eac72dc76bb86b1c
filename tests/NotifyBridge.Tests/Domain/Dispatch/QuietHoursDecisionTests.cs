using NotifyBridge.Domain.Dispatch.QuietHours;
using NotifyBridge.Domain.Events;

namespace NotifyBridge.Tests.Domain.Dispatch;

public sealed class QuietHoursDecisionTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly QuietHoursWindow Night = QuietHoursWindow.Daily(new TimeOnly(22, 0), new TimeOnly(7, 0));

    // Thu 2026-01-15 23:00 CET (quiet) and 12:00 CET (not quiet).
    private static readonly DateTime QuietNow = new(2026, 1, 15, 22, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime DayNow = new(2026, 1, 15, 11, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime EndOfNight = new(2026, 1, 16, 6, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Decide_NoWindow_Delivers()
    {
        var decision = QuietHoursDecision.Decide(QuietHoursPolicy.None, EventSeverity.Low, true, QuietNow, Berlin);
        Assert.Equal(new QuietHoursDecision.Deliver(DeliverReason.NoQuietHours), decision);
    }

    [Fact]
    public void Decide_OutsideWindow_Delivers()
    {
        var decision = QuietHoursDecision.Decide(new QuietHoursPolicy(Night), EventSeverity.Low, false, DayNow, Berlin);
        Assert.Equal(new QuietHoursDecision.Deliver(DeliverReason.NotQuiet), decision);
    }

    [Fact]
    public void Decide_QuietAndDeferrable_DefersToEndOfWindow()
    {
        var decision = QuietHoursDecision.Decide(new QuietHoursPolicy(Night), EventSeverity.Normal, true, QuietNow, Berlin);
        Assert.Equal(new QuietHoursDecision.Defer(EndOfNight), decision);
    }

    [Theory]
    [InlineData(EventSeverity.High, true)]
    [InlineData(EventSeverity.Critical, true)]
    [InlineData(EventSeverity.Normal, false)]
    public void Decide_SeverityAtOrAboveBypass_DeliversInQuietHours(EventSeverity severity, bool bypasses)
    {
        var policy = new QuietHoursPolicy(Night, BypassAtOrAbove: EventSeverity.High);
        var decision = QuietHoursDecision.Decide(policy, severity, true, QuietNow, Berlin);
        if (bypasses) Assert.Equal(new QuietHoursDecision.Deliver(DeliverReason.SeverityBypass), decision);
        else Assert.Equal(new QuietHoursDecision.Defer(EndOfNight), decision);
    }

    [Fact]
    public void Decide_QuietAndNonDeferrable_FollowsLinkSetting()
    {
        var drop = QuietHoursDecision.Decide(new QuietHoursPolicy(Night, NonDeferrable: NonDeferrableBehaviour.Drop), EventSeverity.Normal, false, QuietNow, Berlin);
        var deliver = QuietHoursDecision.Decide(new QuietHoursPolicy(Night, NonDeferrable: NonDeferrableBehaviour.Deliver), EventSeverity.Normal, false, QuietNow, Berlin);
        Assert.Equal(new QuietHoursDecision.Drop(DropReason.NonDeferrable), drop);
        Assert.Equal(new QuietHoursDecision.Deliver(DeliverReason.NonDeferrableDelivered), deliver);
    }

    [Fact]
    public void Decide_AlwaysQuietAndDeferrable_TreatedAsNonDeferrable()
    {
        var always = QuietHoursWindow.Daily(TimeOnly.MinValue, TimeOnly.MinValue);
        var drop = QuietHoursDecision.Decide(new QuietHoursPolicy(always), EventSeverity.Normal, true, QuietNow, Berlin);
        var deliver = QuietHoursDecision.Decide(new QuietHoursPolicy(always, NonDeferrable: NonDeferrableBehaviour.Deliver), EventSeverity.Normal, true, QuietNow, Berlin);
        Assert.Equal(new QuietHoursDecision.Drop(DropReason.QuietNeverEnds), drop);
        Assert.Equal(new QuietHoursDecision.Deliver(DeliverReason.NonDeferrableDelivered), deliver);
    }

    [Fact]
    public void Decide_FallBackNight_DefersToSecondOccurrenceOfEnd()
    {
        var window = QuietHoursWindow.Daily(new TimeOnly(23, 0), new TimeOnly(2, 30));
        var now = new DateTime(2026, 10, 25, 0, 45, 0, DateTimeKind.Utc); // 02:45 CEST
        var decision = QuietHoursDecision.Decide(new QuietHoursPolicy(window), EventSeverity.Normal, true, now, Berlin);
        Assert.Equal(new QuietHoursDecision.Defer(new DateTime(2026, 10, 25, 1, 30, 0, DateTimeKind.Utc)), decision);
    }
}

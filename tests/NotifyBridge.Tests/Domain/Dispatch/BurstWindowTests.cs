using NotifyBridge.Domain.Dispatch.Coalescing;

namespace NotifyBridge.Tests.Domain.Dispatch;

public sealed class BurstWindowTests
{
    private static readonly DateTime First = new(2026, 1, 15, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Minute = TimeSpan.FromSeconds(60);

    [Fact]
    public void Decide_NoOpenBurst_StartsNew()
    {
        Assert.Equal(BurstDecision.StartNew, BurstWindow.Decide(null, First, Minute));
    }

    [Theory]
    [InlineData(0, BurstDecision.Join)]
    [InlineData(59, BurstDecision.Join)]
    [InlineData(60, BurstDecision.StartNew)]
    [InlineData(61, BurstDecision.StartNew)]
    [InlineData(-5, BurstDecision.Join)]
    public void Decide_MeasuredFromFirstEvent_Expected(int secondsAfterFirst, BurstDecision expected)
    {
        Assert.Equal(expected, BurstWindow.Decide(First, First.AddSeconds(secondsAfterFirst), Minute));
    }

    [Fact]
    public void Decide_NoWindowOrZero_StartsNew()
    {
        Assert.Equal(BurstDecision.StartNew, BurstWindow.Decide(First, First.AddSeconds(1), null));
        Assert.Equal(BurstDecision.StartNew, BurstWindow.Decide(First, First.AddSeconds(1), TimeSpan.Zero));
    }

    [Fact]
    public void ClosesAtUtc_IsFirstPlusWindow()
    {
        Assert.Equal(First.AddMinutes(1), BurstWindow.ClosesAtUtc(First, Minute));
    }

    [Fact]
    public void Summary_SameActor_CountsEventsAndAssets()
    {
        var summary = BurstSummary.Start("immich.assets_added", 10, "Anna", "trip", "Trip", First)
            .Add(20, "Anna", "Trip", First.AddSeconds(10))
            .Add(7, "Anna", null, First.AddSeconds(20));
        Assert.Equal(3, summary.EventCount);
        Assert.Equal(37, summary.AssetCount);
        Assert.Equal("Anna", summary.Actor);
        Assert.False(summary.SeveralActors);
        Assert.Equal("Trip", summary.CollectionName);
        Assert.Equal(First, summary.FirstEventUtc);
        Assert.Equal(First.AddSeconds(20), summary.LastEventUtc);
    }

    [Fact]
    public void Summary_DifferentActors_MarksSeveral()
    {
        var summary = BurstSummary.Start("immich.assets_added", 1, "Anna", "trip", "Trip", First)
            .Add(1, "Ben", "Trip", First.AddSeconds(1))
            .Add(1, "Anna", "Trip", First.AddSeconds(2));
        Assert.Null(summary.Actor);
        Assert.True(summary.SeveralActors);
    }

    [Fact]
    public void Summary_UnknownActorFirst_TakesLaterActor_AndRenamedCollection()
    {
        var summary = BurstSummary.Start("immich.assets_added", 1, null, "trip", "Trip", First)
            .Add(1, "Anna", "Trip 2026", First.AddSeconds(1));
        Assert.Equal("Anna", summary.Actor);
        Assert.False(summary.SeveralActors);
        Assert.Equal("Trip 2026", summary.CollectionName);
    }
}

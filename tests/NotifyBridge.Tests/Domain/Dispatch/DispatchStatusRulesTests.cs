using NotifyBridge.Domain.Dispatch;
using NotifyBridge.Domain.Events;

namespace NotifyBridge.Tests.Domain.Dispatch;

public sealed class DispatchStatusRulesTests
{
    public static TheoryData<DispatchFacts, DispatchStatus> Cases => new()
    {
        { new DispatchFacts(), DispatchStatus.NoTargets },
        { new DispatchFacts(Open: 2), DispatchStatus.Pending },
        { new DispatchFacts(OpenBursts: 1), DispatchStatus.Pending },
        { new DispatchFacts(Delivered: 3), DispatchStatus.Delivered },
        { new DispatchFacts(Dead: 2), DispatchStatus.Failed },
        { new DispatchFacts(Delivered: 1, Dead: 1), DispatchStatus.PartiallyFailed },
        { new DispatchFacts(HeldInQuietHours: 1, WasDeferred: true), DispatchStatus.Deferred },
        // Held on one link while another already delivered: still working.
        { new DispatchFacts(Delivered: 1, HeldInQuietHours: 1, WasDeferred: true), DispatchStatus.Pending },
        { new DispatchFacts(Delivered: 2, WasDeferred: true), DispatchStatus.DeferredThenDelivered },
        { new DispatchFacts(WasDeferred: true, DroppedDeferred: 1), DispatchStatus.DeferredThenDropped },
        { new DispatchFacts(DroppedInQuietHours: true), DispatchStatus.DroppedQuietHours },
        { new DispatchFacts(Delivered: 1, DroppedInQuietHours: true), DispatchStatus.Delivered },
        { new DispatchFacts(Dead: 1, WasDeferred: true), DispatchStatus.Failed },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decide_MapsFactsToOneStatus(DispatchFacts facts, DispatchStatus expected) =>
        Assert.Equal(expected, DispatchStatusRules.Decide(facts));

    [Theory]
    [InlineData(EventTypes.Push, true)]
    [InlineData(EventTypes.AssetsAdded, true)]
    [InlineData(EventTypes.HomeAssistantNotification, false)]
    [InlineData(EventTypes.Webhook, false)]
    public void DeferrableEvents_AlertsCannotWait(string type, bool deferrable) =>
        Assert.Equal(deferrable, DeferrableEvents.IsDeferrable(type));

    [Theory]
    [InlineData("{\"assetIds\":[\"a\",\"b\"]}", "a,b")]
    [InlineData("{\"assets\":[{\"id\":\"x\"},{\"name\":\"no id\"},{\"id\":\"y\"}]}", "x,y")]
    [InlineData("{\"title\":\"no assets\"}", "")]
    [InlineData("{\"assets\": 5}", "")]
    [InlineData("not json but mentions asset", "")]
    public void EventAssets_ReadsIdsFromDetails(string details, string expected) =>
        Assert.Equal(expected, string.Join(',', EventAssets.Ids(details)));
}

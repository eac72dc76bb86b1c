using Microsoft.EntityFrameworkCore;
using NotifyBridge.Domain.Deliveries;
using NotifyBridge.Infrastructure.Deliveries;
using NotifyBridge.Infrastructure.Dispatch;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Tests.TestSupport.Admin;

namespace NotifyBridge.Tests.Infrastructure.Deliveries;

public sealed class DeliveryAdministrationTests : AdminServicesTestBase
{
    private DeliveryQuery Query => Get<DeliveryQuery>();
    private DeliveryRedelivery Redelivery => Get<DeliveryRedelivery>();

    [Fact]
    public async Task Page_IsNewestFirst_AndKeysetPaged()
    {
        var hook = await WebhookAsync("Hook");
        var ids = new List<long>();
        for (var i = 0; i < 5; i++) ids.Add((await DeliveryAsync(hook.Id, DeliveryStatus.Delivered)).Id);

        var first = await Query.PageAsync(Owner, new DeliveryFilter(), null, 2, Ct);
        var second = await Query.PageAsync(Owner, new DeliveryFilter(), first.NextBefore, 2, Ct);
        var last = await Query.PageAsync(Owner, new DeliveryFilter(), second.NextBefore, 2, Ct);

        Assert.Equal([ids[4], ids[3]], first.Rows.Select(r => r.Id));
        Assert.Equal([ids[2], ids[1]], second.Rows.Select(r => r.Id));
        Assert.Equal([ids[0]], last.Rows.Select(r => r.Id));
        Assert.Null(last.NextBefore);
    }

    [Fact]
    public async Task Filters_ByStatusTargetAndEvent_AndShowTheEventTitle()
    {
        var a = await WebhookAsync("A");
        var b = await WebhookAsync("B");
        var provider = await ProviderAsync();
        var push = await EventAsync(provider, "Pushed 3 commits");
        var deadA = await DeliveryAsync(a.Id, DeliveryStatus.Dead, push.Id, 8, "HTTP 500");
        var okB = await DeliveryAsync(b.Id, DeliveryStatus.Delivered, push.Id);
        await DeliveryAsync(b.Id, DeliveryStatus.Dead);

        var dead = await Query.PageAsync(Owner, new DeliveryFilter(Status: DeliveryStatus.Dead), null, 50, Ct);
        Assert.Equal(2, dead.Rows.Count);
        Assert.All(dead.Rows, r => Assert.Equal(DeliveryStatus.Dead, r.Status));

        var forB = await Query.PageAsync(Owner, new DeliveryFilter(TargetId: b.Id), null, 50, Ct);
        Assert.Equal(2, forB.Rows.Count);

        var deadForA = Assert.Single((await Query.PageAsync(Owner, new DeliveryFilter(DeliveryStatus.Dead, a.Id), null, 50, Ct)).Rows);
        Assert.Equal((deadA.Id, "A", "Pushed 3 commits", 8, "HTTP 500", true), (deadForA.Id, deadForA.TargetName, deadForA.Subject, deadForA.Attempts, deadForA.LastError, deadForA.CanRedeliver));

        var forEvent = await Query.ForEventAsync(Owner, push.Id, Ct);
        Assert.Equal([deadA.Id, okB.Id], forEvent.Deliveries.Select(r => r.Id));
        Assert.Empty(forEvent.Held);
    }

    [Fact]
    public async Task OtherOwnersDeliveries_AreInvisible_AndCannotBeRedelivered()
    {
        var other = await CreateUserAsync("other@example.test");
        var theirs = await WebhookAsync("Theirs", owner: other);
        var dead = await DeliveryAsync(theirs.Id, DeliveryStatus.Dead);
        Assert.Empty((await Query.PageAsync(Owner, new DeliveryFilter(), null, 50, Ct)).Rows);
        Assert.Equal(0, (await Query.CountsAsync(Owner, Ct)).Values.Sum());
        Assert.Equal(RedeliverOutcome.NotFound, await Redelivery.RedeliverAsync(Owner, dead.Id, Ct));
        Assert.Null(await Redelivery.RedeliverDeadForTargetAsync(Owner, theirs.Id, Ct));
    }

    [Fact]
    public async Task Counts_HaveEveryStatus()
    {
        var hook = await WebhookAsync("Hook");
        await DeliveryAsync(hook.Id, DeliveryStatus.Dead);
        await DeliveryAsync(hook.Id, DeliveryStatus.Dead);
        await DeliveryAsync(hook.Id, DeliveryStatus.Pending);
        var counts = await Query.CountsAsync(Owner, Ct);
        Assert.Equal(Enum.GetValues<DeliveryStatus>().Length, counts.Count);
        Assert.Equal((2, 1, 0), (counts[DeliveryStatus.Dead], counts[DeliveryStatus.Pending], counts[DeliveryStatus.Delivered]));
    }

    [Fact]
    public async Task Redeliver_Dead_GoesBackToPendingNow_KeepsTheError_AndWakesTheWorker()
    {
        var hook = await WebhookAsync("Hook");
        var dead = await DeliveryAsync(hook.Id, DeliveryStatus.Dead, attempts: 8, error: "Connection refused");
        var before = DateTime.UtcNow;

        Assert.Equal(RedeliverOutcome.Redelivered, await Redelivery.RedeliverAsync(Owner, dead.Id, Ct));

        var row = await ReloadAsync(dead.Id);
        Assert.Equal((DeliveryStatus.Pending, 0, "Connection refused", dead.IdempotencyKey), (row.Status, row.Attempts, row.LastError, row.IdempotencyKey));
        Assert.InRange(row.NextAttemptAt, before.AddSeconds(-1), DateTime.UtcNow.AddSeconds(1));
        Assert.True(await Get<DeliverySignal>().WaitAsync(TimeSpan.Zero, Ct));
    }

    [Fact]
    public async Task Redeliver_LiftsTheTargetsOpenCircuit_KeepingItsFailureCount()
    {
        var hook = await WebhookAsync("Hook");
        var dead = await DeliveryAsync(hook.Id, DeliveryStatus.Dead);
        var factory = Get<IDbContextFactory<NotifyBridgeDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
            await db.Targets.Where(t => t.Id == hook.Id).ExecuteUpdateAsync(s => s
                .SetProperty(t => t.ConsecutiveFailures, 4).SetProperty(t => t.CircuitOpenUntil, DateTime.UtcNow.AddMinutes(5)));

        await Redelivery.RedeliverAsync(Owner, dead.Id, Ct);

        await using var check = await factory.CreateDbContextAsync();
        var target = await check.Targets.AsNoTracking().SingleAsync(t => t.Id == hook.Id);
        Assert.Equal((4, (DateTime?)null), (target.ConsecutiveFailures, target.CircuitOpenUntil));
    }

    [Fact]
    public async Task Redeliver_TellsOpenViewsThroughTheDeliveryStream()
    {
        var hook = await WebhookAsync("Hook");
        var push = await EventAsync(await ProviderAsync(), "Pushed");
        var dead = await DeliveryAsync(hook.Id, DeliveryStatus.Dead, push.Id);
        var heard = new List<DeliveryNotice>();
        using var subscription = Get<IDeliveryStream>().Subscribe(heard.AddRange);

        await Redelivery.RedeliverAsync(Owner, dead.Id, Ct);

        var notice = Assert.Single(heard);
        Assert.Equal((dead.Id, hook.Id, DeliveryStatus.Pending), (notice.DeliveryId, notice.TargetId, notice.Status));
        Assert.Equal([push.Id], notice.EventIds);
    }

    [Theory]
    [InlineData(DeliveryStatus.Pending)]
    [InlineData(DeliveryStatus.Sending)]
    [InlineData(DeliveryStatus.Delivered)]
    public async Task Redeliver_NotDeadOrCancelled_IsRefused_AndNothingChanges(DeliveryStatus status)
    {
        var hook = await WebhookAsync("Hook");
        var delivery = await DeliveryAsync(hook.Id, status, attempts: 2);
        Assert.Equal(RedeliverOutcome.NotRedeliverable, await Redelivery.RedeliverAsync(Owner, delivery.Id, Ct));
        Assert.Equal((status, 2), ((await ReloadAsync(delivery.Id)).Status, (await ReloadAsync(delivery.Id)).Attempts));
        Assert.False(await Get<DeliverySignal>().WaitAsync(TimeSpan.Zero, Ct));
    }

    [Fact]
    public async Task Redeliver_Cancelled_IsAllowed()
    {
        var hook = await WebhookAsync("Hook");
        var cancelled = await DeliveryAsync(hook.Id, DeliveryStatus.Cancelled);
        Assert.Equal(RedeliverOutcome.Redelivered, await Redelivery.RedeliverAsync(Owner, cancelled.Id, Ct));
    }

    [Fact]
    public async Task RedeliverDeadForTarget_TouchesOnlyThatTargetsDeadOnes()
    {
        var a = await WebhookAsync("A");
        var b = await WebhookAsync("B");
        var dead1 = await DeliveryAsync(a.Id, DeliveryStatus.Dead);
        var dead2 = await DeliveryAsync(a.Id, DeliveryStatus.Dead);
        var cancelled = await DeliveryAsync(a.Id, DeliveryStatus.Cancelled);
        var otherDead = await DeliveryAsync(b.Id, DeliveryStatus.Dead);

        Assert.Equal(2, await Redelivery.RedeliverDeadForTargetAsync(Owner, a.Id, Ct));

        Assert.Equal(DeliveryStatus.Pending, (await ReloadAsync(dead1.Id)).Status);
        Assert.Equal(DeliveryStatus.Pending, (await ReloadAsync(dead2.Id)).Status);
        Assert.Equal(DeliveryStatus.Cancelled, (await ReloadAsync(cancelled.Id)).Status);
        Assert.Equal(DeliveryStatus.Dead, (await ReloadAsync(otherDead.Id)).Status);
    }
}

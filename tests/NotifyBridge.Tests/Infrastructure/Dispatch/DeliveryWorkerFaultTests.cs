using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotifyBridge.Domain.Deliveries;
using NotifyBridge.Domain.Events;
using NotifyBridge.Infrastructure.Dispatch;
using NotifyBridge.Tests.TestSupport;
using NotifyBridge.Tests.TestSupport.Fakes.WebhookReceiver;

namespace NotifyBridge.Tests.Infrastructure.Dispatch;

/// <summary>
/// The delivery worker against a real webhook receiver on loopback, with a fake clock for
/// every wait (backoff, Retry-After, circuit): failures, retries, dead letters, restarts.
/// </summary>
public sealed class DeliveryWorkerFaultTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 5, 4, 12, 0, 0, TimeSpan.Zero);
    private FakeWebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await FakeWebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task Target500ThreeTimesThen200_IsDeliveredOnce_WithOneIdempotencyKey()
    {
        await using var bed = await DispatchTestBed.StartAsync(Start);
        var target = await bed.AddWebhookTargetAsync("hook", _receiver.Url().ToString());
        await bed.AddLinkAsync(target);
        _receiver.FailNext(3, 500);
        await bed.StartWorkerAsync();

        var eventId = await bed.IngestAsync();
        await AdvanceUntilAsync(bed, async () => (await bed.DeliveriesAsync()).Single().Status == DeliveryStatus.Delivered);

        var delivery = Assert.Single(await bed.DeliveriesAsync());
        Assert.Equal(4, delivery.Attempts);
        Assert.Equal(4, _receiver.Requests.Count);
        Assert.Single(_receiver.Requests.Select(r => r.Header("X-NotifyBridge-Delivery")).Distinct());
        Assert.Equal(delivery.IdempotencyKey, _receiver.Requests[0].Header("X-NotifyBridge-Delivery"));
        Assert.Equal(DispatchStatus.Delivered, await bed.StatusOfAsync(eventId));
        await using var db = await bed.DbAsync();
        Assert.Equal(0, await db.Targets.Where(t => t.Id == target).Select(t => t.ConsecutiveFailures).SingleAsync()); // circuit closed again
    }

    [Fact]
    public async Task Target429WithRetryAfter_IsRetriedOnlyAfterThatLong()
    {
        await using var bed = await DispatchTestBed.StartAsync(Start);
        var target = await bed.AddWebhookTargetAsync("hook", _receiver.Url().ToString());
        await bed.AddLinkAsync(target);
        _receiver.FailNext(1, 429, "slow down", retryAfter: "30");
        await bed.StartWorkerAsync();

        await bed.IngestAsync();
        await DispatchTestBed.WaitForAsync(async () => (await bed.DeliveriesAsync()).Single().Attempts == 1, "the first attempt");
        var waiting = Assert.Single(await bed.DeliveriesAsync());
        Assert.Equal((DeliveryStatus.Pending, 429), (waiting.Status, waiting.LastHttpStatus));
        Assert.Equal(bed.Clock.GetUtcNow().UtcDateTime.AddSeconds(30), waiting.NextAttemptAt);

        bed.Clock.Advance(TimeSpan.FromSeconds(29));
        await Task.Delay(300);
        Assert.Single(_receiver.Requests);

        bed.Clock.Advance(TimeSpan.FromSeconds(1));
        await DispatchTestBed.WaitForAsync(async () => (await bed.DeliveriesAsync()).Single().Status == DeliveryStatus.Delivered, "the retry");
        Assert.Equal(2, _receiver.Requests.Count);
    }

    [Fact]
    public async Task TargetDownPastMaxAttempts_IsDead_AndRedeliverSendsIt()
    {
        await using var bed = await DispatchTestBed.StartAsync(Start, settings: new() { ["Delivery:MaxAttempts"] = "3" });
        var target = await bed.AddWebhookTargetAsync("hook", _receiver.Url().ToString());
        await bed.AddLinkAsync(target);
        _receiver.FailNext(3, 503, "maintenance");
        await bed.StartWorkerAsync();

        var eventId = await bed.IngestAsync();
        await AdvanceUntilAsync(bed, async () => (await bed.DeliveriesAsync()).Single().Status == DeliveryStatus.Dead);
        var dead = Assert.Single(await bed.DeliveriesAsync());
        Assert.Equal((3, 503), (dead.Attempts, dead.LastHttpStatus));
        Assert.Contains("maintenance", dead.LastError, StringComparison.Ordinal); // the receiver's own words
        await DispatchTestBed.WaitForAsync(async () => await bed.StatusOfAsync(eventId) == DispatchStatus.Failed, "the event to fail");

        // Redeliver: what the Deliveries page does (pending again, attempts reset, worker woken).
        await using (var db = await bed.DbAsync())
        {
            await db.Deliveries.Where(d => d.Id == dead.Id).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DeliveryStatus.Pending).SetProperty(d => d.Attempts, 0)
                .SetProperty(d => d.NextAttemptAt, bed.Clock.GetUtcNow().UtcDateTime));
            await db.Targets.Where(t => t.Id == target).ExecuteUpdateAsync(s => s.SetProperty(t => t.CircuitOpenUntil, (DateTime?)null));
        }
        bed.Services.GetRequiredService<DeliverySignal>().Notify();

        await DispatchTestBed.WaitForAsync(async () => (await bed.DeliveriesAsync()).Single().Status == DeliveryStatus.Delivered, "the redelivery");
        Assert.Equal(4, _receiver.Requests.Count);
        Assert.Single(_receiver.Requests.Select(r => r.Header("X-NotifyBridge-Delivery")).Distinct());
        await DispatchTestBed.WaitForAsync(async () => await bed.StatusOfAsync(eventId) == DispatchStatus.Delivered, "the event to be delivered");
    }

    [Fact]
    public async Task GracefulRestart_WithPendingDeliveries_DeliversAllOfThem_NoneTwice()
    {
        await using var bed = await DispatchTestBed.StartAsync(Start, settings: new() { ["Delivery:MaxConcurrentSends"] = "4" });
        var targets = new List<long>();
        for (var i = 0; i < 5; i++) targets.Add(await bed.AddWebhookTargetAsync($"hook{i}", _receiver.Url($"/t{i}").ToString()));
        await bed.AddLinkAsync(await bed.AddBroadcastAsync("all", [.. targets]));
        _receiver.DefaultResponse = new FakeWebhookResponse(200, "ok", Delay: TimeSpan.FromMilliseconds(100));
        for (var i = 0; i < 8; i++) await bed.IngestAsync(title: $"event {i}");
        Assert.Equal(40, (await bed.DeliveriesAsync()).Count);

        await bed.StartWorkerAsync();
        await _receiver.WaitForRequestsAsync(6, TimeSpan.FromSeconds(15));
        await bed.StopWorkerAsync(); // graceful: attempts under way finish, the rest goes back to pending

        var afterStop = await bed.DeliveriesAsync();
        Assert.DoesNotContain(afterStop, d => d.Status == DeliveryStatus.Sending);
        Assert.Contains(afterStop, d => d.Status == DeliveryStatus.Pending);

        var second = ActivatorUtilities.CreateInstance<DeliveryWorker>(bed.Services);
        await second.StartAsync(CancellationToken.None);
        try
        {
            await DispatchTestBed.WaitForAsync(async () => (await bed.DeliveriesAsync()).All(d => d.Status == DeliveryStatus.Delivered), "all deliveries");
        }
        finally
        {
            await second.StopAsync(CancellationToken.None);
        }
        var keys = _receiver.Requests.Select(r => r.Header("X-NotifyBridge-Delivery")).ToList();
        Assert.Equal(40, keys.Count);
        Assert.Equal(40, keys.Distinct().Count());
        Assert.All(await bed.DeliveriesAsync(), d => Assert.Equal(1, d.Attempts));
    }

    [Fact]
    public async Task SlowTarget_DoesNotStarveOthers()
    {
        await using var bed = await DispatchTestBed.StartAsync(Start);
        await using var slow = await FakeWebhookReceiver.StartAsync();
        slow.DefaultResponse = new FakeWebhookResponse(200, "ok", Delay: TimeSpan.FromSeconds(2));
        var slowTarget = await bed.AddWebhookTargetAsync("slow", slow.Url().ToString());
        var fastTarget = await bed.AddWebhookTargetAsync("fast", _receiver.Url().ToString());
        await bed.AddLinkAsync(slowTarget);
        await bed.AddLinkAsync(fastTarget);
        await bed.StartWorkerAsync();

        for (var i = 0; i < 10; i++) await bed.IngestAsync(title: $"event {i}");

        // Ten fast deliveries arrive while the slow target is still on its first one.
        await _receiver.WaitForRequestsAsync(10, TimeSpan.FromSeconds(10));
        Assert.True(slow.Requests.Count <= 2);
    }

    /// <summary>Moves the fake clock in one-second steps (so send timeouts never fire) until done.</summary>
    private static async Task AdvanceUntilAsync(DispatchTestBed bed, Func<Task<bool>> done, int maxSteps = 600)
    {
        for (var step = 0; step < maxSteps; step++)
        {
            if (await done()) return;
            bed.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(15);
        }
        Assert.True(await done(), "The condition did not hold after advancing the clock.");
    }
}

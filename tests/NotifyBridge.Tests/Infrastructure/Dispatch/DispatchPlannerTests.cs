using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotifyBridge.Domain.Deliveries;
using NotifyBridge.Domain.Dispatch.Deferral;
using NotifyBridge.Domain.Dispatch.QuietHours;
using NotifyBridge.Domain.Events;
using NotifyBridge.Domain.Links;
using NotifyBridge.Infrastructure.Dispatch;
using NotifyBridge.Tests.TestSupport;

namespace NotifyBridge.Tests.Infrastructure.Dispatch;

/// <summary>
/// Planning on a real SQLite file with a fake clock: outbox rows written with the event, filters,
/// quiet hours across midnight and DST, coalescing with the 500-asset cap, bursts, digests.
/// </summary>
public abstract class DispatchPlannerTests
{
    /// <summary>Null for SQLite; a fresh database's connection string for PostgreSQL.</summary>
    protected abstract string? PostgresConnection { get; }

    private Task<DispatchTestBed> StartBedAsync(DateTimeOffset now, string timeZone = "UTC") =>
        DispatchTestBed.StartAsync(now, PostgresConnection, timeZone);

    private static readonly DateTimeOffset Noon = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Event_WithoutLinks_IsNoTargets()
    {
        await using var bed = await StartBedAsync(Noon);
        var id = await bed.IngestAsync();
        Assert.Equal(DispatchStatus.NoTargets, await bed.StatusOfAsync(id));
        Assert.Empty(await bed.DeliveriesAsync());
    }

    [Fact]
    public async Task Event_LinkedToBroadcast_WritesOneDeliveryPerMemberWithTheEvent()
    {
        await using var bed = await StartBedAsync(Noon);
        var a = await bed.AddWebhookTargetAsync("a", "http://127.0.0.1:9/a");
        var b = await bed.AddWebhookTargetAsync("b", "http://127.0.0.1:9/b");
        var c = await bed.AddWebhookTargetAsync("c", "http://127.0.0.1:9/c");
        var inner = await bed.AddBroadcastAsync("inner", b, c);
        var outer = await bed.AddBroadcastAsync("outer", a, inner, c); // c twice: delivered once
        await bed.AddLinkAsync(outer);

        // The worker is not running: what we see was committed by the ingest transaction itself.
        var id = await bed.IngestAsync();

        var deliveries = await bed.DeliveriesAsync();
        Assert.Equal([a, b, c], deliveries.Select(d => d.TargetId).Order());
        Assert.All(deliveries, d => Assert.Equal((DeliveryStatus.Pending, id), (d.Status, d.EventId)));
        Assert.Equal(3, deliveries.Select(d => d.IdempotencyKey).Distinct().Count());
        Assert.Equal(DispatchStatus.Pending, await bed.StatusOfAsync(id));
    }

    [Fact]
    public async Task Filters_TypeAndSeverity_KeepOtherEventsOut()
    {
        await using var bed = await StartBedAsync(Noon);
        var target = await bed.AddWebhookTargetAsync("a", "http://127.0.0.1:9/a");
        await bed.AddLinkAsync(target, l =>
        {
            l.EventTypesJson = LinkFilter.WriteTypes([EventTypes.ReleasePublished]);
            l.MinSeverity = EventSeverity.Normal;
        });

        var push = await bed.IngestAsync(EventTypes.Push);
        var lowRelease = await bed.IngestAsync(EventTypes.ReleasePublished, severity: EventSeverity.Low);
        var release = await bed.IngestAsync(EventTypes.ReleasePublished);

        Assert.Equal(DispatchStatus.NoTargets, await bed.StatusOfAsync(push));
        Assert.Equal(DispatchStatus.NoTargets, await bed.StatusOfAsync(lowRelease));
        Assert.Equal(release, Assert.Single(await bed.DeliveriesAsync()).EventId);
    }

    [Fact]
    public async Task QuietHours_AcrossMidnight_DefersToTheMorningAndFiresThen()
    {
        // 23:30 in Berlin (CET, UTC+1); quiet 22:00–07:00 ends 07:00 CET = 06:00 UTC next day.
        await using var bed = await StartBedAsync(new DateTimeOffset(2026, 3, 10, 22, 30, 0, TimeSpan.Zero), timeZone: "Europe/Berlin");
        var target = await bed.AddWebhookTargetAsync("a", "http://127.0.0.1:9/a");
        await bed.AddLinkAsync(target, Quiet(22, 7));

        var id = await bed.IngestAsync();

        Assert.Equal(DispatchStatus.Deferred, await bed.StatusOfAsync(id));
        Assert.Empty(await bed.DeliveriesAsync());
        var held = Assert.Single(await bed.HeldAsync());
        Assert.Equal((DeferredDispatchKind.QuietHours, new DateTime(2026, 3, 11, 6, 0, 0, DateTimeKind.Utc)), (held.Kind, held.DueAt));

        bed.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 11, 5, 59, 59, TimeSpan.Zero));
        Assert.Equal(0, await bed.DrainAsync());
        bed.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 11, 6, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, await bed.DrainAsync());

        var delivery = Assert.Single(await bed.DeliveriesAsync());
        Assert.Equal((held.Id, (long?)null), (delivery.DeferredDispatchId!.Value, delivery.EventId));
        var fired = Assert.Single(await bed.HeldAsync());
        Assert.Equal((DeferredDispatchStatus.Fired, bed.Clock.GetUtcNow().UtcDateTime), (fired.Status, fired.FiredAt!.Value));
        Assert.Equal(DispatchStatus.Pending, await bed.StatusOfAsync(id)); // its delivery is on its way
    }

    [Theory]
    // Fall back (25 Oct 2026): quiet from Saturday 22:00 CEST ends Sunday 07:00 CET = 06:00 UTC.
    [InlineData("2026-10-24T21:00:00Z", "2026-10-25T06:00:00Z")]
    // Spring forward (29 Mar 2026): quiet from Saturday 22:00 CET ends Sunday 07:00 CEST = 05:00 UTC.
    [InlineData("2026-03-28T22:00:00Z", "2026-03-29T05:00:00Z")]
    public async Task QuietHours_AcrossDstChange_EndAtTheLocalMorning(string eventAt, string expectedDue)
    {
        await using var bed = await StartBedAsync(DateTimeOffset.Parse(eventAt, System.Globalization.CultureInfo.InvariantCulture), timeZone: "Europe/Berlin");
        var target = await bed.AddWebhookTargetAsync("a", "http://127.0.0.1:9/a");
        await bed.AddLinkAsync(target, Quiet(22, 7));

        await bed.IngestAsync();

        var held = Assert.Single(await bed.HeldAsync());
        Assert.Equal(DateTimeOffset.Parse(expectedDue, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime, held.DueAt);
    }

    [Fact]
    public async Task QuietHours_CoalesceOneRowPerCollection_AndCapStoredAssetsAt500()
    {
        await using var bed = await StartBedAsync(new DateTimeOffset(2026, 3, 10, 23, 0, 0, TimeSpan.Zero));
        var target = await bed.AddWebhookTargetAsync("a", "http://127.0.0.1:9/a");
        await bed.AddLinkAsync(target, Quiet(22, 7));

        var first = await bed.IngestAsync(EventTypes.AssetsAdded, collection: "trip", assetIds: Ids(0, 300));
        bed.Clock.Advance(TimeSpan.FromMinutes(10));
        await bed.IngestAsync(EventTypes.AssetsAdded, collection: "trip", assetIds: Ids(200, 300), actor: "ben"); // 100 repeats
        await bed.IngestAsync(EventTypes.AssetsAdded, collection: "trip", assetIds: Ids(500, 49_500));
        await bed.IngestAsync(EventTypes.AssetsAdded, collection: "work", assetIds: Ids(0, 3));

        var held = await bed.HeldAsync();
        Assert.Equal(2, held.Count);
        var trip = held.Single(h => h.CollectionKey == "trip");
        var stored = System.Text.Json.JsonSerializer.Deserialize<List<string>>(trip.AssetIdsJson)!;
        Assert.Equal(500, stored.Count);
        Assert.Equal(Ids(0, 500), stored);
        Assert.Equal((3, 49_500L, 50_000L), (trip.EventCount, trip.MoreAssetCount, trip.AssetCount));
        Assert.True(trip.SeveralActors);
        Assert.Null(trip.Actor);
        Assert.Equal(3, held.Single(h => h.CollectionKey == "work").AssetCount);
        Assert.Equal(DispatchStatus.Deferred, await bed.StatusOfAsync(first));
    }

    [Fact]
    public async Task QuietHours_NonDeferrable_IsDroppedOrDeliveredPerLink_AndSeverityBypasses()
    {
        await using var bed = await StartBedAsync(new DateTimeOffset(2026, 3, 10, 23, 0, 0, TimeSpan.Zero));
        var dropping = await bed.AddWebhookTargetAsync("drop", "http://127.0.0.1:9/a");
        await bed.AddLinkAsync(dropping, l => { Quiet(22, 7)(l); l.BypassSeverity = EventSeverity.Critical; });

        var alert = await bed.IngestAsync(EventTypes.HomeAssistantNotification);
        var critical = await bed.IngestAsync(EventTypes.HomeAssistantNotification, severity: EventSeverity.Critical);

        Assert.Equal(DispatchStatus.DroppedQuietHours, await bed.StatusOfAsync(alert));
        Assert.Equal(critical, Assert.Single(await bed.DeliveriesAsync()).EventId);

        var delivering = await bed.AddWebhookTargetAsync("deliver", "http://127.0.0.1:9/b");
        await bed.AddLinkAsync(delivering, l => { Quiet(22, 7)(l); l.NonDeferrable = NonDeferrableBehaviour.Deliver; });
        var second = await bed.IngestAsync(EventTypes.HomeAssistantNotification);
        Assert.Equal(delivering, (await bed.DeliveriesAsync()).Single(d => d.EventId == second).TargetId);
        Assert.Equal(DispatchStatus.Pending, await bed.StatusOfAsync(second));
    }

    [Fact]
    public async Task SummaryMode_HoldsEveryTypeInOneDigest()
    {
        await using var bed = await StartBedAsync(new DateTimeOffset(2026, 3, 10, 23, 0, 0, TimeSpan.Zero));
        var target = await bed.AddWebhookTargetAsync("a", "http://127.0.0.1:9/a");
        await bed.AddLinkAsync(target, l => { Quiet(22, 7)(l); l.SummaryMode = true; });

        await bed.IngestAsync(EventTypes.Push);
        await bed.IngestAsync(EventTypes.IssueOpened);
        await bed.IngestAsync(EventTypes.ReleasePublished, collection: "repo");

        var digest = Assert.Single(await bed.HeldAsync());
        Assert.Equal((DeferredDispatchKind.Digest, DeferredDispatch.DigestEventType, 3), (digest.Kind, digest.EventType, digest.EventCount));
    }

    [Fact]
    public async Task Burst_37EventsInTheWindow_BecomeOneDelivery()
    {
        await using var bed = await StartBedAsync(Noon);
        var target = await bed.AddWebhookTargetAsync("a", "http://127.0.0.1:9/a");
        await bed.AddLinkAsync(target, l => l.BurstWindowSeconds = 60);

        var ids = new List<long>();
        for (var i = 0; i < 37; i++)
        {
            ids.Add(await bed.IngestAsync(EventTypes.AssetsAdded, collection: "trip", assetIds: [$"p{i}"]));
            bed.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var burst = Assert.Single(await bed.HeldAsync());
        Assert.Equal((DeferredDispatchKind.Burst, 37, 37L, "anna"), (burst.Kind, burst.EventCount, burst.AssetCount, burst.Actor));
        Assert.Equal(Noon.UtcDateTime.AddSeconds(60), burst.DueAt);
        Assert.Equal(DispatchStatus.Pending, await bed.StatusOfAsync(ids[0]));
        Assert.Equal(0, await bed.DrainAsync());

        bed.Clock.SetUtcNow(Noon.AddSeconds(60));
        Assert.Equal(1, await bed.DrainAsync());
        Assert.Equal(burst.Id, Assert.Single(await bed.DeliveriesAsync()).DeferredDispatchId);
    }

    [Fact]
    public async Task Held_WhenLinkIsDisabledBeforeItFires_IsDropped()
    {
        await using var bed = await StartBedAsync(new DateTimeOffset(2026, 3, 10, 23, 0, 0, TimeSpan.Zero));
        var target = await bed.AddWebhookTargetAsync("a", "http://127.0.0.1:9/a");
        var link = await bed.AddLinkAsync(target, Quiet(22, 7));
        var id = await bed.IngestAsync();

        await using (var db = await bed.DbAsync())
        {
            await db.Links.Where(l => l.Id == link.Id).ExecuteUpdateAsync(s => s.SetProperty(l => l.Enabled, false));
        }
        bed.Services.GetRequiredService<LinkSnapshotCache>().Invalidate();
        bed.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 11, 7, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, await bed.DrainAsync());

        var dropped = Assert.Single(await bed.HeldAsync());
        Assert.Equal(DeferredDispatchStatus.Dropped, dropped.Status);
        Assert.NotNull(dropped.FiredAt);
        Assert.Empty(await bed.DeliveriesAsync());
        Assert.Equal(DispatchStatus.DeferredThenDropped, await bed.StatusOfAsync(id));
    }

    private static Action<NotificationLink> Quiet(int fromHour, int toHour) => l =>
    {
        l.QuietStart = new TimeOnly(fromHour, 0);
        l.QuietEnd = new TimeOnly(toHour, 0);
    };

    private static List<string> Ids(int from, int count) => [.. Enumerable.Range(from, count).Select(i => $"a{i}")];
}

public sealed class SqliteDispatchPlannerTests : DispatchPlannerTests
{
    protected override string? PostgresConnection => null;
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresDispatchPlannerTests(PostgresCluster cluster) : DispatchPlannerTests
{
    protected override string? PostgresConnection { get; } = cluster.ConnectionStringFor(PostgresCluster.NewDatabaseName());
}

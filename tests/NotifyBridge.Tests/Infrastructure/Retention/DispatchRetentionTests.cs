using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotifyBridge.Domain.Deliveries;
using NotifyBridge.Domain.Dispatch.Deferral;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Infrastructure.Retention;
using NotifyBridge.Tests.TestSupport;

namespace NotifyBridge.Tests.Infrastructure.Retention;

/// <summary>
/// The outbox's growing tables in retention: finished deliveries and fired/dropped held rows
/// older than the cutoff go (in batches); pending work stays whatever its age.
/// </summary>
public abstract class DispatchRetentionTests
{
    /// <summary>Null for SQLite; a fresh database's connection string for PostgreSQL.</summary>
    protected abstract string? PostgresConnection { get; }

    private static readonly DateTime Day0 = new(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Cutoff = Day0.AddDays(10);

    /// <summary>Runs one policy the way the retention service does: a transaction per batch until a short batch.</summary>
    private static async Task<int> RunPolicyAsync(DispatchTestBed bed, string table, int batchSize)
    {
        var policy = bed.Services.GetServices<IRetentionPolicy>().Single(p => p.Table == table);
        var total = 0;
        while (true)
        {
            await using var db = await bed.DbAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var deleted = await policy.DeleteBatchAsync(db, Cutoff, batchSize, CancellationToken.None);
            await transaction.CommitAsync();
            total += deleted;
            if (deleted < batchSize) return total;
        }
    }

    private static async Task SetAsync(NotifyBridgeDbContext db, long id, DeliveryStatus status, DateTime createdAt, DateTime updatedAt) =>
        await db.Deliveries.Where(d => d.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.Status, status).SetProperty(d => d.CreatedAt, createdAt).SetProperty(d => d.UpdatedAt, updatedAt));

    [Fact]
    public async Task Deliveries_FinishedAndOld_Go_InBatches_PendingAndRecentlyTouchedStay()
    {
        await using var bed = await DispatchTestBed.StartAsync(new DateTimeOffset(Day0), PostgresConnection);
        await bed.AddLinkAsync(await bed.AddWebhookTargetAsync("hook", "http://127.0.0.1:9/hook"));
        for (var i = 0; i < 9; i++) await bed.IngestAsync(title: $"e{i}");
        var d = (await bed.DeliveriesAsync()).Select(x => x.Id).ToArray();
        await using (var db = await bed.DbAsync())
        {
            await SetAsync(db, d[0], DeliveryStatus.Delivered, Day0, Day0);
            await SetAsync(db, d[1], DeliveryStatus.Dead, Day0, Day0.AddHours(1));
            await SetAsync(db, d[2], DeliveryStatus.Cancelled, Day0, Day0.AddHours(2));
            await SetAsync(db, d[3], DeliveryStatus.Delivered, Day0.AddDays(1), Day0.AddDays(1));
            await SetAsync(db, d[4], DeliveryStatus.Pending, Day0.AddDays(1), Day0.AddDays(1));          // old but still to send
            await SetAsync(db, d[5], DeliveryStatus.Delivered, Day0.AddDays(2), Day0.AddDays(15));       // redelivered lately
            await SetAsync(db, d[6], DeliveryStatus.Dead, Day0.AddDays(2), Day0.AddDays(3));
            await SetAsync(db, d[7], DeliveryStatus.Delivered, Day0.AddDays(12), Day0.AddDays(12));      // young
            await SetAsync(db, d[8], DeliveryStatus.Delivered, Day0.AddDays(20), Day0.AddDays(20));
        }

        var deleted = await RunPolicyAsync(bed, "Deliveries", batchSize: 2);

        Assert.Equal(5, deleted);
        Assert.Equal([d[4], d[5], d[7], d[8]], (await bed.DeliveriesAsync()).Select(x => x.Id));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    public async Task FirstIdCreatedAtOrAfterCutoff_IsFoundByBinarySearch(int oldRows)
    {
        await using var bed = await DispatchTestBed.StartAsync(new DateTimeOffset(Day0), PostgresConnection);
        await using (var empty = await bed.DbAsync())
            Assert.Equal(0, await DeliveryRetentionPolicy.FirstIdCreatedAtOrAfterAsync(empty, Cutoff, CancellationToken.None));
        await bed.AddLinkAsync(await bed.AddWebhookTargetAsync("hook", "http://127.0.0.1:9/hook"));
        for (var i = 0; i < 8; i++) await bed.IngestAsync(title: $"e{i}");
        var ids = (await bed.DeliveriesAsync()).Select(x => x.Id).ToArray();
        await using var db = await bed.DbAsync();
        for (var i = 0; i < ids.Length; i++)
        {
            var created = i < oldRows ? Day0.AddHours(i) : Cutoff.AddHours(i);
            await SetAsync(db, ids[i], DeliveryStatus.Delivered, created, created);
        }

        var boundary = await DeliveryRetentionPolicy.FirstIdCreatedAtOrAfterAsync(db, Cutoff, CancellationToken.None);

        Assert.All(ids.Take(oldRows), id => Assert.True(id < boundary, $"{id} is old, the boundary {boundary} must be above it"));
        Assert.All(ids.Skip(oldRows), id => Assert.True(id >= boundary, $"{id} is young, the boundary {boundary} must not be above it"));
    }

    [Fact]
    public async Task HeldRows_FiredOrDroppedBeforeTheCutoff_GoWithTheirDeliveriesAndEventLinks_PendingStay()
    {
        await using var bed = await DispatchTestBed.StartAsync(new DateTimeOffset(Day0), PostgresConnection);
        var target = await bed.AddWebhookTargetAsync("hook", "http://127.0.0.1:9/hook");
        var link = await bed.AddLinkAsync(target);
        var eventId = await bed.IngestAsync();

        await using (var db = await bed.DbAsync())
        {
            DeferredDispatch Held(DeferredDispatchStatus status, DateTime? firedAt, string collection) => new()
            {
                LinkId = link.Id, Kind = DeferredDispatchKind.QuietHours, CollectionKey = collection, EventType = "push",
                Status = status, DueAt = Day0, FiredAt = firedAt, FirstEventAt = Day0, LastEventAt = Day0, LastEventId = eventId,
                EventCount = 1, CreatedAt = Day0, UpdatedAt = firedAt ?? Day0,
            };
            db.DeferredDispatches.AddRange(
                Held(DeferredDispatchStatus.Fired, Day0.AddDays(1), "old-fired"),
                Held(DeferredDispatchStatus.Dropped, Day0.AddDays(2), "old-dropped"),
                Held(DeferredDispatchStatus.Failed, Day0.AddDays(3), "old-failed"),
                Held(DeferredDispatchStatus.Fired, Day0.AddDays(11), "young-fired"),
                Held(DeferredDispatchStatus.Pending, null, "still-held"));
            await db.SaveChangesAsync();
            var rows = await db.DeferredDispatches.ToDictionaryAsync(r => r.CollectionKey, r => r.Id);
            db.DeferredDispatchEvents.AddRange(rows.Values.Select(id => new DeferredDispatchEvent { DeferredDispatchId = id, EventId = eventId }));
            db.Deliveries.AddRange(new[] { "old-fired", "young-fired" }.Select(key => new Delivery
            {
                DeferredDispatchId = rows[key], LinkId = link.Id, TargetId = target, Status = DeliveryStatus.Delivered,
                IdempotencyKey = Delivery.NewIdempotencyKey(), NextAttemptAt = Day0, CreatedAt = Day0, UpdatedAt = Day0,
            }));
            await db.SaveChangesAsync();
        }

        var deleted = await RunPolicyAsync(bed, "DeferredDispatches", batchSize: 2);

        Assert.Equal(3, deleted);
        await using var check = await bed.DbAsync();
        Assert.Equal(["still-held", "young-fired"], await check.DeferredDispatches.OrderBy(r => r.CollectionKey).Select(r => r.CollectionKey).ToListAsync());
        var kept = await check.DeferredDispatches.Select(r => r.Id).ToListAsync();
        Assert.All(await check.DeferredDispatchEvents.ToListAsync(), x => Assert.Contains(x.DeferredDispatchId, kept));
        Assert.Equal(2, await check.DeferredDispatchEvents.CountAsync());
        var viaRows = await check.Deliveries.Where(x => x.DeferredDispatchId != null).Select(x => x.DeferredDispatchId!.Value).ToListAsync();
        Assert.All(viaRows, id => Assert.Contains(id, kept));
        Assert.Single(viaRows);
        Assert.True(await check.Events.AnyAsync(e => e.Id == eventId)); // the event itself is the event log's business
    }
}

public sealed class SqliteDispatchRetentionTests : DispatchRetentionTests
{
    protected override string? PostgresConnection => null;
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresDispatchRetentionTests(PostgresCluster cluster) : DispatchRetentionTests
{
    protected override string? PostgresConnection { get; } = cluster.ConnectionStringFor(PostgresCluster.NewDatabaseName());
}

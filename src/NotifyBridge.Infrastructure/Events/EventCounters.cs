using Microsoft.EntityFrameworkCore;
using NotifyBridge.Domain.Events;
using NotifyBridge.Infrastructure.Persistence;

namespace NotifyBridge.Infrastructure.Events;

/// <summary>
/// Maintains the per-provider totals and hourly buckets inside the transaction that
/// inserts or deletes events, aggregated per batch (one statement per provider and hour,
/// not per event). The SQL is an atomic upsert, the same text on SQLite and PostgreSQL, so
/// several instances can add concurrently without losing counts.
/// </summary>
public static class EventCounters
{
    /// <summary>
    /// Everything that must follow an insert of events, in the inserting transaction: the
    /// search index, the per-provider totals and the hourly buckets. Every writer of events calls this.
    /// </summary>
    public static async Task OnInsertedAsync(NotifyBridgeDbContext db, IReadOnlyCollection<EventLogEntry> events, CancellationToken cancellationToken = default)
    {
        await EventSearchIndex.AddAsync(db, [.. events.Select(e => e.Id)], cancellationToken).ConfigureAwait(false);
        await AddAsync(db, events, cancellationToken).ConfigureAwait(false);
    }

    public static async Task AddAsync(NotifyBridgeDbContext db, IReadOnlyCollection<EventLogEntry> events, CancellationToken cancellationToken = default)
    {
        foreach (var provider in events.Where(e => e.ProviderId is not null).GroupBy(e => (ProviderId: e.ProviderId!.Value, e.OwnerId)))
        {
            long count = provider.Count();
            long assets = provider.Sum(e => (long)e.AssetsCount);
            var last = provider.Max(e => e.CreatedAt);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "ProviderEventCounters" ("ProviderId", "OwnerId", "EventCount", "AssetCount", "LastEventAt")
                VALUES ({provider.Key.ProviderId}, {provider.Key.OwnerId}, {count}, {assets}, {last})
                ON CONFLICT ("ProviderId") DO UPDATE SET
                    "EventCount" = "ProviderEventCounters"."EventCount" + excluded."EventCount",
                    "AssetCount" = "ProviderEventCounters"."AssetCount" + excluded."AssetCount",
                    "LastEventAt" = excluded."LastEventAt"
                """, cancellationToken).ConfigureAwait(false);

            foreach (var hour in provider.GroupBy(e => EventHourlyCount.HourOf(e.CreatedAt)))
            {
                long inHour = hour.Count();
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO "EventHourlyCounts" ("ProviderId", "HourStart", "OwnerId", "Count")
                    VALUES ({provider.Key.ProviderId}, {hour.Key}, {provider.Key.OwnerId}, {inHour})
                    ON CONFLICT ("ProviderId", "HourStart") DO UPDATE SET
                        "Count" = "EventHourlyCounts"."Count" + excluded."Count"
                    """, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Takes deleted events back out of the totals and hourly buckets.</summary>
    public static async Task SubtractAsync(NotifyBridgeDbContext db, IReadOnlyCollection<DeletedEvent> events, CancellationToken cancellationToken = default)
    {
        foreach (var provider in events.Where(e => e.ProviderId is not null).GroupBy(e => e.ProviderId!.Value))
        {
            long count = provider.Count();
            long assets = provider.Sum(e => (long)e.AssetsCount);
            var providerId = provider.Key;
            await db.ProviderEventCounters.Where(c => c.ProviderId == providerId)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(c => c.EventCount, c => c.EventCount - count)
                    .SetProperty(c => c.AssetCount, c => c.AssetCount - assets), cancellationToken).ConfigureAwait(false);

            foreach (var hour in provider.GroupBy(e => EventHourlyCount.HourOf(e.CreatedAt)))
            {
                long inHour = hour.Count();
                var hourStart = hour.Key;
                await db.EventHourlyCounts.Where(c => c.ProviderId == providerId && c.HourStart == hourStart)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.Count, c => c.Count - inHour), cancellationToken).ConfigureAwait(false);
            }
            await db.EventHourlyCounts.Where(c => c.ProviderId == providerId && c.Count <= 0)
                .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>What the counters need to know of a deleted event.</summary>
public sealed record DeletedEvent(long Id, long? ProviderId, int AssetsCount, DateTime CreatedAt);

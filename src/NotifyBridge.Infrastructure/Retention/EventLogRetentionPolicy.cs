using Microsoft.EntityFrameworkCore;
using NotifyBridge.Infrastructure.Events;
using NotifyBridge.Infrastructure.Persistence;

namespace NotifyBridge.Infrastructure.Retention;

/// <summary>
/// Deletes old events oldest first, taking them out of the per-provider counters and
/// hourly buckets in the same transaction; the search index follows through its triggers
/// (SQLite) or generated column (PostgreSQL).
/// </summary>
internal sealed class EventLogRetentionPolicy : IRetentionPolicy
{
    public string Table => "Events";

    public async Task<int> DeleteBatchAsync(NotifyBridgeDbContext db, DateTime cutoffUtc, int batchSize, CancellationToken cancellationToken)
    {
        var batch = await db.Events.AsNoTracking()
            .Where(e => e.CreatedAt < cutoffUtc)
            .OrderBy(e => e.CreatedAt).Take(batchSize)
            .Select(e => new DeletedEvent(e.Id, e.ProviderId, e.AssetsCount, e.CreatedAt))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (batch.Count == 0) return 0;

        var ids = batch.Select(e => e.Id).ToList();
        var deleted = await db.Events.Where(e => ids.Contains(e.Id)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await EventCounters.SubtractAsync(db, batch, cancellationToken).ConfigureAwait(false);
        return deleted;
    }

    public Task<long> CountAsync(NotifyBridgeDbContext db, CancellationToken cancellationToken) =>
        db.Events.LongCountAsync(cancellationToken);
}

using Microsoft.EntityFrameworkCore;
using NotifyBridge.Domain.Deliveries;
using NotifyBridge.Infrastructure.Persistence;

namespace NotifyBridge.Infrastructure.Retention;

/// <summary>
/// Deletes finished deliveries (delivered, dead, cancelled) created and last touched before the
/// cutoff. Pending ones stay whatever their age. Deliveries of deleted events go with their event.
/// </summary>
internal sealed class DeliveryRetentionPolicy : IRetentionPolicy
{
    public string Table => "Deliveries";

    public async Task<int> DeleteBatchAsync(NotifyBridgeDbContext db, DateTime cutoffUtc, int batchSize, CancellationToken cancellationToken)
    {
        var boundary = await FirstIdCreatedAtOrAfterAsync(db, cutoffUtc, cancellationToken).ConfigureAwait(false);
        var ids = await db.Deliveries.AsNoTracking()
            .Where(d => d.Id < boundary && d.CreatedAt < cutoffUtc && d.UpdatedAt < cutoffUtc
                && (d.Status == DeliveryStatus.Delivered || d.Status == DeliveryStatus.Dead || d.Status == DeliveryStatus.Cancelled))
            .OrderBy(d => d.Id).Take(batchSize).Select(d => d.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (ids.Count == 0) return 0;
        return await db.Deliveries.Where(d => ids.Contains(d.Id)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Ids grow with creation time, so the rows created before the cutoff are the ids below the
    /// first one created at or after it — found by binary search over the primary key (a few dozen
    /// point reads for millions of rows). The batch query then walks only that prefix: no index on
    /// CreatedAt to maintain on every outbox insert, and no walk over the young rows.
    /// </summary>
    internal static async Task<long> FirstIdCreatedAtOrAfterAsync(NotifyBridgeDbContext db, DateTime cutoffUtc, CancellationToken cancellationToken)
    {
        var last = await db.Deliveries.MaxAsync(d => (long?)d.Id, cancellationToken).ConfigureAwait(false);
        if (last is null) return 0;
        // Every row below lo was created before the cutoff; every row from hi on, at or after it.
        long lo = 0, hi = last.Value + 1;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            var row = await db.Deliveries.AsNoTracking().Where(d => d.Id >= mid).OrderBy(d => d.Id)
                .Select(d => new { d.Id, d.CreatedAt }).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            if (row is null || row.CreatedAt >= cutoffUtc) hi = mid;
            else lo = row.Id + 1;
        }
        return lo;
    }

    public Task<long> CountAsync(NotifyBridgeDbContext db, CancellationToken cancellationToken) => db.Deliveries.LongCountAsync(cancellationToken);
}

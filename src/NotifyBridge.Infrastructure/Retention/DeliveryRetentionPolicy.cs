using Microsoft.EntityFrameworkCore;
using NotifyBridge.Domain.Deliveries;
using NotifyBridge.Infrastructure.Persistence;

namespace NotifyBridge.Infrastructure.Retention;

/// <summary>
/// Deletes finished deliveries (delivered, dead, cancelled) last touched before the cutoff.
/// Pending ones stay whatever their age. Deliveries of deleted events go with their event.
/// Oldest first by id (ids grow with time), so no index on CreatedAt is needed.
/// </summary>
internal sealed class DeliveryRetentionPolicy : IRetentionPolicy
{
    public string Table => "Deliveries";

    public async Task<int> DeleteBatchAsync(NotifyBridgeDbContext db, DateTime cutoffUtc, int batchSize, CancellationToken cancellationToken)
    {
        var ids = await db.Deliveries.AsNoTracking()
            .Where(d => d.CreatedAt < cutoffUtc && d.UpdatedAt < cutoffUtc
                && (d.Status == DeliveryStatus.Delivered || d.Status == DeliveryStatus.Dead || d.Status == DeliveryStatus.Cancelled))
            .OrderBy(d => d.Id).Take(batchSize).Select(d => d.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (ids.Count == 0) return 0;
        return await db.Deliveries.Where(d => ids.Contains(d.Id)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task<long> CountAsync(NotifyBridgeDbContext db, CancellationToken cancellationToken) => db.Deliveries.LongCountAsync(cancellationToken);
}

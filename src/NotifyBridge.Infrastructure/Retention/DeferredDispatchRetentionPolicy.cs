using Microsoft.EntityFrameworkCore;
using NotifyBridge.Domain.Dispatch.Deferral;
using NotifyBridge.Infrastructure.Persistence;

namespace NotifyBridge.Infrastructure.Retention;

/// <summary>
/// Deletes fired, dropped and failed held rows whose <see cref="DeferredDispatch.FiredAt"/> is
/// before the cutoff (with their event links and, by cascade, their deliveries). Pending rows stay.
/// </summary>
internal sealed class DeferredDispatchRetentionPolicy : IRetentionPolicy
{
    public string Table => "DeferredDispatches";

    public async Task<int> DeleteBatchAsync(NotifyBridgeDbContext db, DateTime cutoffUtc, int batchSize, CancellationToken cancellationToken)
    {
        var ids = await db.DeferredDispatches.AsNoTracking()
            .Where(d => d.Status != DeferredDispatchStatus.Pending && d.FiredAt != null && d.FiredAt < cutoffUtc)
            .OrderBy(d => d.FiredAt).Take(batchSize).Select(d => d.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (ids.Count == 0) return 0;
        await db.Deliveries.Where(d => d.DeferredDispatchId != null && ids.Contains(d.DeferredDispatchId.Value)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await db.DeferredDispatchEvents.Where(x => ids.Contains(x.DeferredDispatchId)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        return await db.DeferredDispatches.Where(d => ids.Contains(d.Id)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task<long> CountAsync(NotifyBridgeDbContext db, CancellationToken cancellationToken) => db.DeferredDispatches.LongCountAsync(cancellationToken);
}

using Microsoft.EntityFrameworkCore;
using NotifyBridge.Domain.Deliveries;
using NotifyBridge.Domain.Dispatch.Deferral;
using NotifyBridge.Infrastructure.Persistence;

namespace NotifyBridge.Infrastructure.Dispatch;

/// <summary>
/// Fires held rows whose time has come (end of quiet hours, burst window closed): each becomes
/// one delivery per target of its link, in one transaction with the row turning Fired. A row
/// whose link was disabled or deleted, or reaches no target any more, is Dropped. Fired and
/// dropped rows keep <see cref="DeferredDispatch.FiredAt"/> until retention removes them.
/// </summary>
public sealed class DeferredDispatchDrain(
    IDbContextFactory<NotifyBridgeDbContext> contextFactory,
    LinkSnapshotCache links,
    DeliverySignal signal,
    TimeProvider timeProvider)
{
    /// <summary>Rows handled per run at most, so one run stays short; the next run takes the rest.</summary>
    public const int MaxRowsPerRun = 200;

    /// <summary>Fires due rows; returns how many rows were handled.</summary>
    public async Task<int> DrainAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var due = await db.DeferredDispatches.AsNoTracking()
            .AnyAsync(d => d.Status == DeferredDispatchStatus.Pending && d.DueAt <= now, cancellationToken).ConfigureAwait(false);
        if (!due) return 0;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await db.DeferredDispatches
            .Where(d => d.Status == DeferredDispatchStatus.Pending && d.DueAt <= now)
            .OrderBy(d => d.DueAt).ThenBy(d => d.Id).Take(MaxRowsPerRun)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var snapshot = await links.GetAsync(db, cancellationToken).ConfigureAwait(false);
        var deliveries = new List<Delivery>();
        foreach (var row in rows)
        {
            row.FiredAt = now;
            row.UpdatedAt = now;
            if (snapshot.Find(row.LinkId) is not { } link)
            {
                row.Status = DeferredDispatchStatus.Dropped;
                row.Error = "The link was disabled or deleted, or reaches no enabled target.";
                continue;
            }
            row.Status = DeferredDispatchStatus.Fired;
            foreach (var targetId in link.TargetIds)
                deliveries.Add(DispatchPlanner.NewDelivery(null, row.Id, link.Id, targetId, row.Locale, now));
        }
        db.Deliveries.AddRange(deliveries);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);

        var rowIds = rows.Select(r => r.Id).ToList();
        var eventIds = await db.DeferredDispatchEvents.AsNoTracking().Where(x => rowIds.Contains(x.DeferredDispatchId))
            .Select(x => x.EventId).Distinct().ToListAsync(cancellationToken).ConfigureAwait(false);
        await DispatchStatusRecalculator.RecomputeAsync(db, eventIds, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (deliveries.Count > 0) signal.Notify();
        return rows.Count;
    }
}

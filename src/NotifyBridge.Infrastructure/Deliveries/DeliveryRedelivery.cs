using Microsoft.EntityFrameworkCore;
using NotifyBridge.Domain.Deliveries;
using NotifyBridge.Infrastructure.Dispatch;
using NotifyBridge.Infrastructure.Persistence;

namespace NotifyBridge.Infrastructure.Deliveries;

public enum RedeliverOutcome
{
    Redelivered,
    NotFound,
    /// <summary>Only dead and cancelled deliveries can be sent again (the others are queued, in flight or done).</summary>
    NotRedeliverable,
}

/// <summary>
/// "Redeliver": a dead or cancelled delivery goes back to pending with a fresh attempt budget,
/// due now, its target's open circuit is lifted, and the worker is woken. The idempotency key stays (it is the same message), and
/// the last error stays until the next attempt replaces it, so the page still says why it died.
/// </summary>
public sealed class DeliveryRedelivery(
    IDbContextFactory<NotifyBridgeDbContext> contextFactory,
    DeliverySignal signal,
    IDeliveryStream stream,
    TimeProvider timeProvider)
{
    public static bool IsRedeliverable(DeliveryStatus status) => status is DeliveryStatus.Dead or DeliveryStatus.Cancelled;

    public async Task<RedeliverOutcome> RedeliverAsync(string ownerId, long deliveryId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var status = await (from d in db.Deliveries
                            join t in db.Targets on d.TargetId equals t.Id
                            where d.Id == deliveryId && t.OwnerId == ownerId
                            select (DeliveryStatus?)d.Status).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (status is null) return RedeliverOutcome.NotFound;
        if (!IsRedeliverable(status.Value)) return RedeliverOutcome.NotRedeliverable;
        var changed = await ResetAsync(db, db.Deliveries.Where(d => d.Id == deliveryId && (d.Status == DeliveryStatus.Dead || d.Status == DeliveryStatus.Cancelled)), cancellationToken).ConfigureAwait(false);
        // Zero rows: someone else redelivered it between the read and the update.
        return changed > 0 ? RedeliverOutcome.Redelivered : RedeliverOutcome.NotRedeliverable;
    }

    /// <summary>Redelivers every dead delivery of one target (after fixing its settings); returns how many. Null when the target is unknown.</summary>
    public async Task<int?> RedeliverDeadForTargetAsync(string ownerId, long targetId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (!await db.Targets.AnyAsync(t => t.Id == targetId && t.OwnerId == ownerId, cancellationToken).ConfigureAwait(false)) return null;
        return await ResetAsync(db, db.Deliveries.Where(d => d.TargetId == targetId && d.Status == DeliveryStatus.Dead), cancellationToken).ConfigureAwait(false);
    }

    private sealed record Affected(long Id, long TargetId, long? EventId);

    private async Task<int> ResetAsync(NotifyBridgeDbContext db, IQueryable<Delivery> rows, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        int changed;
        List<Affected> affected;
        // An explicit transaction takes the SQLite write gate. The callers' status condition is part of the UPDATE, so a row that moved on meanwhile is left alone.
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            // What is about to change, to tell open views (event dialog, Deliveries page) afterwards.
            affected = await rows.Select(d => new Affected(d.Id, d.TargetId, d.EventId)).ToListAsync(cancellationToken).ConfigureAwait(false);
            changed = await rows.ExecuteUpdateAsync(s => s
                    .SetProperty(d => d.Status, DeliveryStatus.Pending)
                    .SetProperty(d => d.Attempts, 0)
                    .SetProperty(d => d.NextAttemptAt, now)
                    .SetProperty(d => d.LeaseOwner, (string?)null)
                    .SetProperty(d => d.LeaseUntil, (DateTime?)null)
                    .SetProperty(d => d.UpdatedAt, now), cancellationToken).ConfigureAwait(false);
            // "Try now" means now: lift an open circuit (the failure count stays, so another
            // failure reopens it at once, escalated, like a half-open probe).
            var targetIds = affected.Select(a => a.TargetId).Distinct().ToList();
            await db.Targets.Where(t => targetIds.Contains(t.Id) && t.CircuitOpenUntil != null)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.CircuitOpenUntil, (DateTime?)null), cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        if (changed == 0) return 0;
        signal.Notify();
        stream.Publish([.. affected.Select(d => new DeliveryNotice(d.Id, d.TargetId, d.EventId is { } e ? [e] : [], DeliveryStatus.Pending))]);
        return changed;
    }
}

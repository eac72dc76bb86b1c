using Microsoft.EntityFrameworkCore;
using NotifyBridge.Domain.Deliveries;
using NotifyBridge.Infrastructure.Persistence;

namespace NotifyBridge.Infrastructure.Dispatch;

/// <summary>
/// The outbox's database side: claiming due rows (an atomic Pending → Sending switch stamped
/// with a claim token, so two workers or instances never send the same row), giving claims
/// back, and taking over claims whose worker died.
/// </summary>
public sealed class DeliveryStore(IDbContextFactory<NotifyBridgeDbContext> contextFactory)
{
    /// <summary>
    /// Claims up to <paramref name="limit"/> due rows, oldest due first, skipping targets in
    /// <paramref name="busyTargets"/> (already being worked on here) and targets whose circuit is open.
    /// </summary>
    public async Task<List<Delivery>> ClaimAsync(string claimToken, DateTime utcNow, TimeSpan lease, int limit, IReadOnlyCollection<long> busyTargets, CancellationToken cancellationToken)
    {
        if (limit <= 0) return [];
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var busy = busyTargets.ToList();
        var ids = await db.Deliveries.AsNoTracking()
            .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= utcNow && !busy.Contains(d.TargetId))
            .Where(d => !db.Targets.Any(t => t.Id == d.TargetId && t.CircuitOpenUntil != null && t.CircuitOpenUntil > utcNow))
            .OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id)
            .Select(d => d.Id).Take(limit)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (ids.Count == 0) return [];

        var leaseUntil = utcNow + lease;
        await db.Deliveries.Where(d => ids.Contains(d.Id) && d.Status == DeliveryStatus.Pending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DeliveryStatus.Sending)
                .SetProperty(d => d.LeaseOwner, d => claimToken)
                .SetProperty(d => d.LeaseUntil, d => leaseUntil)
                .SetProperty(d => d.UpdatedAt, d => utcNow), cancellationToken).ConfigureAwait(false);
        return await db.Deliveries.AsNoTracking()
            .Where(d => ids.Contains(d.Id) && d.Status == DeliveryStatus.Sending && d.LeaseOwner == claimToken)
            .OrderBy(d => d.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gives claimed, unsent rows back (shutdown): pending again, attempts unchanged.</summary>
    public async Task ReleaseAsync(IReadOnlyCollection<long> ids, DateTime utcNow, CancellationToken cancellationToken)
    {
        if (ids.Count == 0) return;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var list = ids.ToList();
        await db.Deliveries.Where(d => list.Contains(d.Id) && d.Status == DeliveryStatus.Sending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DeliveryStatus.Pending)
                .SetProperty(d => d.LeaseOwner, (string?)null)
                .SetProperty(d => d.LeaseUntil, (DateTime?)null)
                .SetProperty(d => d.UpdatedAt, d => utcNow), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Extends this instance's live claims (rows waiting in a lane, e.g. behind a rate limit),
    /// so they never look abandoned to <see cref="ReclaimAsync"/> here or on another instance.
    /// </summary>
    public async Task<int> RenewAsync(string claimTokenPrefix, DateTime leaseUntil, DateTime utcNow, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Deliveries
            .Where(d => d.Status == DeliveryStatus.Sending && d.LeaseOwner != null && d.LeaseOwner.StartsWith(claimTokenPrefix))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeaseUntil, d => leaseUntil).SetProperty(d => d.UpdatedAt, d => utcNow), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Takes back rows whose claim expired (their worker died mid-send). They are retried with
    /// the same idempotency key, so a receiver that saw the first attempt can tell. With
    /// <paramref name="all"/> (SQLite: one process owns the database) every claim is taken back at once.
    /// </summary>
    public async Task<int> ReclaimAsync(DateTime utcNow, bool all, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Deliveries
            .Where(d => d.Status == DeliveryStatus.Sending && (all || d.LeaseUntil < utcNow))
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DeliveryStatus.Pending)
                .SetProperty(d => d.LeaseOwner, (string?)null)
                .SetProperty(d => d.LeaseUntil, (DateTime?)null)
                .SetProperty(d => d.NextAttemptAt, d => utcNow)
                .SetProperty(d => d.UpdatedAt, d => utcNow), cancellationToken).ConfigureAwait(false);
    }
}

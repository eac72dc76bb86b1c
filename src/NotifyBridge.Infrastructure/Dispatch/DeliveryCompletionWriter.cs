using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NotifyBridge.Domain.Deliveries;
using NotifyBridge.Domain.Dispatch.Retry;
using NotifyBridge.Infrastructure.Persistence;

namespace NotifyBridge.Infrastructure.Dispatch;

/// <summary>
/// Writes attempt outcomes back in one transaction per batch: delivery rows (delivered, retry at,
/// dead), target circuits, and the dispatch status of the events concerned; then announces the
/// changes. With durable claims (PostgreSQL) rows are only updated while they still carry this
/// worker's claim token, so a claim another instance took over is never overwritten; on SQLite
/// the claim was in memory and the rows are still Pending.
/// </summary>
internal sealed class DeliveryCompletionWriter(
    IDbContextFactory<NotifyBridgeDbContext> contextFactory,
    IDeliveryStream stream,
    TimeProvider timeProvider,
    IOptions<DeliveryOptions> options)
{
    public async Task WriteAsync(IReadOnlyList<DeliveryCompletion> completions, CancellationToken cancellationToken)
    {
        if (completions.Count == 0) return;
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var backoff = options.Value.Backoff;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        var byId = completions.GroupBy(c => c.Item.Delivery.Id).ToDictionary(g => g.Key, g => g.Last());
        var notices = new List<DeliveryNotice>(byId.Count);
        var circuit = new Dictionary<long, bool>(); // target → succeeded (true) / failed transiently (false)

        // Successes, the bulk of the traffic: one UPDATE per (claim, status code), no rows loaded.
        var durable = DeliveryStore.HasDurableClaims(db);
        var claimedStatus = durable ? DeliveryStatus.Sending : DeliveryStatus.Pending;
        var delivered = byId.Values.Where(c => c.Result is { Succeeded: true }).ToList();
        foreach (var group in delivered.GroupBy(c => (c.Item.ClaimToken, c.Result!.HttpStatus)))
        {
            var ids = group.Select(c => c.Item.Delivery.Id).ToList();
            var (token, status) = group.Key;
            var rows = durable
                ? db.Deliveries.Where(d => ids.Contains(d.Id) && d.Status == DeliveryStatus.Sending && d.LeaseOwner == token)
                : db.Deliveries.Where(d => ids.Contains(d.Id) && d.Status == DeliveryStatus.Pending);
            await rows
                .ExecuteUpdateAsync(s => s
                    .SetProperty(d => d.Status, DeliveryStatus.Delivered)
                    .SetProperty(d => d.Attempts, d => d.Attempts + 1)
                    .SetProperty(d => d.DeliveredAt, d => now)
                    .SetProperty(d => d.UpdatedAt, d => now)
                    .SetProperty(d => d.LastHttpStatus, d => status)
                    .SetProperty(d => d.LastError, (string?)null)
                    .SetProperty(d => d.LeaseOwner, (string?)null)
                    .SetProperty(d => d.LeaseUntil, (DateTime?)null), cancellationToken).ConfigureAwait(false);
        }
        foreach (var completion in delivered)
        {
            var item = completion.Item;
            notices.Add(new DeliveryNotice(item.Delivery.Id, item.Delivery.TargetId, item.EventIds, DeliveryStatus.Delivered));
            circuit[item.Delivery.TargetId] = true;
        }

        // Everything else row by row: retry times and errors differ per row.
        var others = byId.Values.Where(c => c.Result is not { Succeeded: true }).ToDictionary(c => c.Item.Delivery.Id);
        if (others.Count > 0)
        {
            var ids = others.Keys.ToList();
            var rows = await db.Deliveries.Where(d => ids.Contains(d.Id) && d.Status == claimedStatus)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var row in rows)
            {
                var completion = others[row.Id];
                if (durable && row.LeaseOwner != completion.Item.ClaimToken) continue;
                Apply(row, completion, now, backoff);
                notices.Add(new DeliveryNotice(row.Id, row.TargetId, completion.Item.EventIds, row.Status));
                if (completion.Result is { Outcome: DeliveryOutcome.Transient } && !circuit.ContainsKey(row.TargetId)) circuit[row.TargetId] = false;
            }
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        await UpdateCircuitsAsync(db, circuit, now, cancellationToken).ConfigureAwait(false);
        await DispatchStatusRecalculator.RecomputeAsync(db, notices.SelectMany(n => n.EventIds).ToHashSet(), cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        stream.Publish(notices);
    }

    private static void Apply(Delivery row, DeliveryCompletion completion, DateTime now, RetryBackoffOptions backoff)
    {
        row.LeaseOwner = null;
        row.LeaseUntil = null;
        row.UpdatedAt = now;
        if (completion.Result is not { } result)
        {
            // Not attempted (target gone, rendering failed): final as given.
            if (completion.FinalStatus == DeliveryStatus.Dead) row.Attempts++;
            row.Status = completion.FinalStatus ?? DeliveryStatus.Dead;
            row.LastError = Truncate(completion.Error);
            return;
        }

        row.Attempts++;
        row.LastHttpStatus = result.HttpStatus;
        if (result.Succeeded)
        {
            row.Status = DeliveryStatus.Delivered;
            row.DeliveredAt = now;
            row.LastError = null;
            return;
        }
        row.LastError = Truncate(result.Error ?? (result.HttpStatus is { } status ? $"HTTP {status}" : "No response"));
        switch (RetryBackoff.Decide(result.Outcome, row.Attempts, Random.Shared.NextDouble(), result.RetryAfter, backoff))
        {
            case RetryDecision.RetryAfter retry:
                row.Status = DeliveryStatus.Pending;
                row.NextAttemptAt = now + retry.Delay;
                break;
            default:
                row.Status = DeliveryStatus.Dead;
                break;
        }
    }

    private static async Task UpdateCircuitsAsync(NotifyBridgeDbContext db, Dictionary<long, bool> outcomes, DateTime now, CancellationToken cancellationToken)
    {
        var healthy = outcomes.Where(o => o.Value).Select(o => o.Key).ToList();
        if (healthy.Count > 0)
        {
            await db.Targets.Where(t => healthy.Contains(t.Id) && (t.ConsecutiveFailures > 0 || t.CircuitOpenUntil != null))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.ConsecutiveFailures, 0).SetProperty(t => t.CircuitOpenUntil, (DateTime?)null), cancellationToken)
                .ConfigureAwait(false);
        }
        var failing = outcomes.Where(o => !o.Value).Select(o => o.Key).ToList();
        if (failing.Count == 0) return;
        var targets = await db.Targets.Where(t => failing.Contains(t.Id)).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var target in targets)
        {
            var next = CircuitBreaker.OnFailure(new CircuitBreakerState(target.ConsecutiveFailures, target.CircuitOpenUntil), now);
            target.ConsecutiveFailures = next.ConsecutiveFailures;
            target.CircuitOpenUntil = next.OpenUntilUtc;
        }
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string? Truncate(string? text) =>
        text is null || text.Length <= Delivery.MaxErrorLength ? text : text[..(Delivery.MaxErrorLength - 1)] + "…";
}

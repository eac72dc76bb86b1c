using Microsoft.EntityFrameworkCore;
using NotifyBridge.Domain.Deliveries;
using NotifyBridge.Domain.Dispatch;
using NotifyBridge.Domain.Dispatch.Deferral;
using NotifyBridge.Infrastructure.Persistence;

namespace NotifyBridge.Infrastructure.Dispatch;

/// <summary>
/// Recomputes events' dispatch status from their deliveries and held rows
/// (<see cref="DispatchStatusRules"/>) after deliveries finish or held rows fire. Three grouped
/// queries per call, whatever the number of events.
/// </summary>
public static class DispatchStatusRecalculator
{
    public static async Task RecomputeAsync(NotifyBridgeDbContext db, IReadOnlyCollection<long> eventIds, CancellationToken cancellationToken)
    {
        if (eventIds.Count == 0) return;
        var ids = eventIds.Distinct().ToList();

        var direct = await db.Deliveries.AsNoTracking()
            .Where(d => d.EventId != null && ids.Contains(d.EventId.Value))
            .GroupBy(d => new { d.EventId, d.Status })
            .Select(g => new { EventId = g.Key.EventId!.Value, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var held = await (
            from x in db.DeferredDispatchEvents.AsNoTracking()
            join r in db.DeferredDispatches.AsNoTracking() on x.DeferredDispatchId equals r.Id
            where ids.Contains(x.EventId)
            select new { x.EventId, RowId = r.Id, r.Kind, r.Status })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var rowIds = held.Select(h => h.RowId).Distinct().ToList();
        var viaRows = rowIds.Count == 0 ? [] : await db.Deliveries.AsNoTracking()
            .Where(d => d.DeferredDispatchId != null && rowIds.Contains(d.DeferredDispatchId.Value))
            .GroupBy(d => new { d.DeferredDispatchId, d.Status })
            .Select(g => new { RowId = g.Key.DeferredDispatchId!.Value, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var rowCounts = viaRows.ToLookup(r => r.RowId);

        var byStatus = new Dictionary<Domain.Events.DispatchStatus, List<long>>();
        var directByEvent = direct.ToLookup(d => d.EventId);
        var heldByEvent = held.ToLookup(h => h.EventId);
        foreach (var id in ids)
        {
            var counts = directByEvent[id].Select(d => (d.Status, d.Count)).ToList();
            var facts = new DispatchFacts();
            foreach (var row in heldByEvent[id])
            {
                var quiet = row.Kind != DeferredDispatchKind.Burst;
                switch (row.Status)
                {
                    case DeferredDispatchStatus.Pending when quiet:
                        facts = facts with { HeldInQuietHours = facts.HeldInQuietHours + 1, WasDeferred = true };
                        break;
                    case DeferredDispatchStatus.Pending:
                        facts = facts with { OpenBursts = facts.OpenBursts + 1 };
                        break;
                    case DeferredDispatchStatus.Fired:
                        if (quiet) facts = facts with { WasDeferred = true };
                        counts.AddRange(rowCounts[row.RowId].Select(r => (r.Status, r.Count)));
                        break;
                    default:
                        if (quiet) facts = facts with { WasDeferred = true, DroppedDeferred = facts.DroppedDeferred + 1 };
                        break;
                }
            }
            facts = facts with
            {
                Open = counts.Where(c => c.Status is DeliveryStatus.Pending or DeliveryStatus.Sending).Sum(c => c.Count),
                Delivered = counts.Where(c => c.Status == DeliveryStatus.Delivered).Sum(c => c.Count),
                Dead = counts.Where(c => c.Status is DeliveryStatus.Dead or DeliveryStatus.Cancelled).Sum(c => c.Count),
            };
            if (facts == new DispatchFacts()) continue; // nothing to say: keep what planning wrote (e.g. dropped)
            var status = DispatchStatusRules.Decide(facts);
            if (!byStatus.TryGetValue(status, out var list)) byStatus[status] = list = [];
            list.Add(id);
        }

        foreach (var (status, list) in byStatus)
        {
            await db.Events.Where(e => list.Contains(e.Id) && e.DispatchStatus != status)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.DispatchStatus, e => status), cancellationToken).ConfigureAwait(false);
        }
    }
}

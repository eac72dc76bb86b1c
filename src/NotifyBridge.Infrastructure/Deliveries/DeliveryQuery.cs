using Microsoft.EntityFrameworkCore;
using NotifyBridge.Domain.Deliveries;
using NotifyBridge.Domain.Dispatch.Deferral;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Infrastructure.Persistence.CompiledQueries;

namespace NotifyBridge.Infrastructure.Deliveries;

/// <summary>
/// Reads deliveries for one owner (through their targets; delivery rows carry no owner).
/// Paging is keyset on the id, newest first: with a status filter the (Status, Id) index walks
/// one status backwards, with a target filter the (TargetId, Id) index, with an event filter
/// the EventId index; each stops after one page. The page query is compiled: EF caches the
/// SQL per combination of null filters, so an unused filter is not in the SQL.
/// </summary>
public sealed class DeliveryQuery(IDbContextFactory<NotifyBridgeDbContext> contextFactory)
{
    public const int MaxPageSize = 200;

    private static readonly PerModel<Func<NotifyBridgeDbContext, string, DeliveryStatus?, long?, long?, long, int, IAsyncEnumerable<DeliveryRow>>> Page = new(() =>
        EF.CompileAsyncQuery((NotifyBridgeDbContext db, string owner, DeliveryStatus? status, long? target, long? eventId, long before, int take) =>
            (from d in db.Deliveries
             join t in db.Targets on d.TargetId equals t.Id
             join e in db.Events on d.EventId equals (long?)e.Id into events
             from e in events.DefaultIfEmpty()
             join h in db.DeferredDispatches on d.DeferredDispatchId equals (long?)h.Id into held
             from h in held.DefaultIfEmpty()
             where t.OwnerId == owner && d.Id < before
                 && (status == null || d.Status == status)
                 && (target == null || d.TargetId == target)
                 && (eventId == null || d.EventId == eventId)
             orderby d.Id descending
             select new DeliveryRow(d.Id, d.EventId, e.Title, e.EventType, d.DeferredDispatchId, (int?)h.EventCount, h.EventType,
                 d.TargetId, t.Name, t.Type, d.Status, d.Attempts, d.LastError, d.LastHttpStatus, d.NextAttemptAt,
                 d.CreatedAt, d.UpdatedAt, d.DeliveredAt)).Take(take)));

    /// <param name="before">The <see cref="DeliveryPage.NextBefore"/> of the previous page; null for the newest.</param>
    public async Task<DeliveryPage> PageAsync(string ownerId, DeliveryFilter filter, long? before, int take, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        take = Math.Clamp(take, 1, MaxPageSize);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<DeliveryRow>(take);
        await foreach (var row in Page.For(db)(db, ownerId, filter.Status, filter.TargetId, filter.EventId, before ?? long.MaxValue, take)
                           .WithCancellation(cancellationToken).ConfigureAwait(false))
            rows.Add(row);
        return new DeliveryPage(rows, rows.Count == take ? rows[^1].Id : null);
    }

    /// <summary>The deliveries of one event (its own and those of deferred rows holding it), oldest first, and what is still held.</summary>
    public async Task<EventDeliveries> ForEventAsync(string ownerId, long eventId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var direct = await PageAsync(ownerId, new DeliveryFilter(EventId: eventId), null, MaxPageSize, cancellationToken).ConfigureAwait(false);
        var heldIds = await db.DeferredDispatchEvents.Where(x => x.EventId == eventId).Select(x => x.DeferredDispatchId)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (heldIds.Count == 0) return new EventDeliveries([.. direct.Rows.OrderBy(r => r.Id)], []);

        var viaBatches = await (from d in db.Deliveries
                                join t in db.Targets on d.TargetId equals t.Id
                                join h in db.DeferredDispatches on d.DeferredDispatchId equals (long?)h.Id
                                where t.OwnerId == ownerId && heldIds.Contains(h.Id)
                                select new DeliveryRow(d.Id, d.EventId, null, null, d.DeferredDispatchId, h.EventCount, h.EventType,
                                    d.TargetId, t.Name, t.Type, d.Status, d.Attempts, d.LastError, d.LastHttpStatus, d.NextAttemptAt,
                                    d.CreatedAt, d.UpdatedAt, d.DeliveredAt))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var pending = await (from h in db.DeferredDispatches
                             join l in db.Links on h.LinkId equals l.Id
                             join t in db.Targets on l.TargetId equals t.Id
                             where l.OwnerId == ownerId && heldIds.Contains(h.Id) && h.Status == DeferredDispatchStatus.Pending
                             orderby h.DueAt
                             select new HeldDispatch(h.Id, h.Kind, h.Status, h.DueAt, h.EventCount, t.Id, t.Name))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new EventDeliveries([.. direct.Rows.Concat(viaBatches).OrderBy(r => r.Id)], pending);
    }

    /// <summary>How many of the owner's deliveries are in each status (every status present, zeros included).</summary>
    public async Task<IReadOnlyDictionary<DeliveryStatus, int>> CountsAsync(string ownerId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var counts = await (from d in db.Deliveries
                            join t in db.Targets on d.TargetId equals t.Id
                            where t.OwnerId == ownerId
                            group d by d.Status into g
                            select new { Status = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return Enum.GetValues<DeliveryStatus>().ToDictionary(s => s, s => counts.FirstOrDefault(c => c.Status == s)?.Count ?? 0);
    }
}

using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NotifyBridge.Domain.Deliveries;
using NotifyBridge.Domain.Dispatch;
using NotifyBridge.Domain.Dispatch.Deferral;
using NotifyBridge.Domain.Dispatch.QuietHours;
using NotifyBridge.Domain.Events;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Infrastructure.Settings;

namespace NotifyBridge.Infrastructure.Dispatch;

/// <summary>
/// Decides, per new event and matching link, whether to deliver now (outbox rows), hold the
/// event (quiet hours, digest, burst window: a deferred row it coalesces into) or drop it — and
/// writes that into the caller's open transaction, so an event is never stored without its
/// deliveries. Sets each event's <see cref="DispatchStatus"/>.
/// </summary>
public sealed class DispatchPlanner(LinkSnapshotCache links, AppSettingsService settings)
{
    /// <summary>Plans the just-saved events (ids assigned). Returns how many deliveries were written.</summary>
    public async Task<int> PlanAsync(NotifyBridgeDbContext db, IReadOnlyList<EventLogEntry> events, DateTime utcNow, CancellationToken cancellationToken)
    {
        if (events.Count == 0) return 0;
        var snapshot = await links.GetAsync(db, cancellationToken).ConfigureAwait(false);
        if (snapshot.Links.Count == 0)
        {
            foreach (var e in events) e.DispatchStatus = DispatchStatus.NoTargets;
            return 0;
        }

        var appSettings = await settings.GetAsync(cancellationToken).ConfigureAwait(false);
        var zone = await settings.GetTimeZoneAsync(cancellationToken).ConfigureAwait(false);
        var held = new DeferredRows(db);
        var deliveries = new List<Delivery>();

        foreach (var e in events)
        {
            var facts = new DispatchFacts();
            foreach (var link in snapshot.ForProvider(e.ProviderId))
            {
                if (!link.Filter.Passes(e.EventType, e.Severity)) continue;
                var locale = link.Locale ?? appSettings.DefaultLocale;
                var decision = QuietHoursDecision.Decide(link.QuietHours, e.Severity, DeferrableEvents.IsDeferrable(e.EventType), utcNow, zone);
                switch (decision)
                {
                    case QuietHoursDecision.Deliver when link.BurstWindow is { } window:
                        await held.AddAsync(link, DeferredDispatchKind.Burst, e, locale, e.CreatedAt + window, cancellationToken).ConfigureAwait(false);
                        facts = facts with { OpenBursts = facts.OpenBursts + 1 };
                        break;
                    case QuietHoursDecision.Deliver:
                        foreach (var targetId in link.TargetIds)
                            deliveries.Add(NewDelivery(e.Id, null, link.Id, targetId, locale, utcNow));
                        facts = facts with { Open = facts.Open + link.TargetIds.Count };
                        break;
                    case QuietHoursDecision.Defer defer:
                        var kind = link.SummaryMode ? DeferredDispatchKind.Digest : DeferredDispatchKind.QuietHours;
                        await held.AddAsync(link, kind, e, locale, defer.UntilUtc, cancellationToken).ConfigureAwait(false);
                        facts = facts with { HeldInQuietHours = facts.HeldInQuietHours + 1, WasDeferred = true };
                        break;
                    case QuietHoursDecision.Drop:
                        facts = facts with { DroppedInQuietHours = true };
                        break;
                }
            }
            e.DispatchStatus = DispatchStatusRules.Decide(facts);
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false); // statuses and held rows
        await DeliveryBulkInsert.InsertAsync(db, deliveries, cancellationToken).ConfigureAwait(false);
        await held.LinkEventsAsync(cancellationToken).ConfigureAwait(false);
        return deliveries.Count;
    }

    public static Delivery NewDelivery(long? eventId, long? deferredId, long? linkId, long targetId, string locale, DateTime utcNow) => new()
    {
        EventId = eventId,
        DeferredDispatchId = deferredId,
        LinkId = linkId,
        TargetId = targetId,
        Status = DeliveryStatus.Pending,
        NextAttemptAt = utcNow,
        IdempotencyKey = Delivery.NewIdempotencyKey(),
        Locale = locale,
        CreatedAt = utcNow,
        UpdatedAt = utcNow,
    };

    /// <summary>
    /// The pending deferred rows touched by one planning call: found or created once, merged in
    /// memory, saved with the caller's transaction.
    /// </summary>
    private sealed class DeferredRows(NotifyBridgeDbContext db)
    {
        private readonly Dictionary<(long, DeferredDispatchKind, string, string), DeferredDispatch> _rows = [];
        private readonly List<(DeferredDispatch Row, long EventId)> _events = [];

        public async Task AddAsync(PlannedLink link, DeferredDispatchKind kind, EventLogEntry e, string locale, DateTime dueAt, CancellationToken cancellationToken)
        {
            var collection = kind == DeferredDispatchKind.Digest ? "" : e.CollectionId ?? "";
            var type = kind == DeferredDispatchKind.Digest ? DeferredDispatch.DigestEventType : e.EventType;
            var key = (link.Id, kind, collection, type);
            if (!_rows.TryGetValue(key, out var row))
            {
                row = await db.DeferredDispatches.FirstOrDefaultAsync(
                    d => d.Status == DeferredDispatchStatus.Pending && d.LinkId == link.Id && d.Kind == kind
                        && d.CollectionKey == collection && d.EventType == type,
                    cancellationToken).ConfigureAwait(false);
                if (row is null)
                {
                    row = new DeferredDispatch
                    {
                        LinkId = link.Id,
                        Kind = kind,
                        CollectionKey = collection,
                        EventType = type,
                        Status = DeferredDispatchStatus.Pending,
                        DueAt = dueAt,
                        Locale = locale,
                        FirstEventAt = e.CreatedAt,
                        LastEventAt = e.CreatedAt,
                        Actor = e.Actor,
                        CreatedAt = e.CreatedAt,
                    };
                    db.DeferredDispatches.Add(row);
                }
                _rows[key] = row;
            }
            Merge(row, kind, e, dueAt);
            _events.Add((row, e.Id));
        }

        /// <summary>
        /// Coalesces one event into its row: assets unioned and capped (DeferredBatch), counts,
        /// actor (single until a second person acts), latest collection name. A burst row keeps
        /// the due time of its first event, so a steady trickle cannot hold it back for long; an
        /// event arriving after that time but before the drain fired it still joins (it fires
        /// moments later anyway).
        /// </summary>
        private static void Merge(DeferredDispatch row, DeferredDispatchKind kind, EventLogEntry e, DateTime dueAt)
        {
            var assetIds = EventAssets.Ids(e.DetailsJson);
            var stored = JsonSerializer.Deserialize<List<string>>(row.AssetIdsJson) ?? [];
            var batch = row.EventCount == 0
                ? DeferredBatch.Start(new DeferredBatchKey(row.LinkId, row.CollectionKey, row.EventType), assetIds, e.CreatedAt)
                : DeferredBatch.Restore(new DeferredBatchKey(row.LinkId, row.CollectionKey, row.EventType), stored, row.MoreAssetCount, row.EventCount, row.FirstEventAt, row.LastEventAt)
                    .Merge(assetIds, e.CreatedAt);
            var totalBefore = stored.Count + row.MoreAssetCount;
            row.AssetCount += assetIds.Count > 0 ? batch.TotalAssetCount - totalBefore : Math.Max(0, e.AssetsCount);
            row.AssetIdsJson = JsonSerializer.Serialize(batch.AssetIds);
            row.MoreAssetCount = batch.MoreAssetCount;
            row.EventCount = batch.EventCount;
            row.FirstEventAt = batch.FirstEventUtc;
            row.LastEventAt = batch.LastEventUtc;
            row.LastEventId = Math.Max(row.LastEventId, e.Id);
            row.CollectionName = e.CollectionName ?? row.CollectionName;
            if (row.EventCount > 1)
            {
                row.SeveralActors = row.SeveralActors || (e.Actor is not null && row.Actor is not null && !string.Equals(e.Actor, row.Actor, StringComparison.Ordinal));
                row.Actor = row.SeveralActors ? null : row.Actor ?? e.Actor;
            }
            // Quiet-hours rows fire at the end of the period the latest event fell in.
            if (kind != DeferredDispatchKind.Burst && dueAt > row.DueAt) row.DueAt = dueAt;
            row.UpdatedAt = e.CreatedAt;
        }

        public async Task LinkEventsAsync(CancellationToken cancellationToken)
        {
            if (_events.Count == 0) return;
            db.DeferredDispatchEvents.AddRange(_events.Select(x => new DeferredDispatchEvent { DeferredDispatchId = x.Row.Id, EventId = x.EventId }).DistinctBy(x => (x.DeferredDispatchId, x.EventId)));
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}

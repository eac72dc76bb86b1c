using Microsoft.EntityFrameworkCore;
using NotifyBridge.Domain.Deliveries;
using NotifyBridge.Domain.Dispatch.Deferral;
using NotifyBridge.Domain.Events;
using NotifyBridge.Domain.Links;
using NotifyBridge.Domain.Notifications;
using NotifyBridge.Infrastructure.Notifiers;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Infrastructure.Targets;
using NotifyBridge.Infrastructure.Templates;

namespace NotifyBridge.Infrastructure.Dispatch;

/// <summary>
/// Gives claimed deliveries what sending needs: the target (cached, decrypted), its notifier and
/// lane, and the rendered message. Events, held rows and links are loaded with one query each per
/// claim; rendering goes through the renderer's cache, so a broadcast renders once.
/// </summary>
internal sealed class DeliveryPreparer(
    IDbContextFactory<NotifyBridgeDbContext> contextFactory,
    NotifierTargetResolver targets,
    NotifierRegistry notifiers,
    IMessageRenderer renderer)
{
    /// <summary>Events shown in a batch message at most; the template says "and N more".</summary>
    public const int BatchSampleSize = 20;

    /// <summary>Prepares the items; those that cannot be sent come back as completions.</summary>
    public async Task<List<DeliveryCompletion>> PrepareAsync(IReadOnlyList<DeliveryWorkItem> items, CancellationToken cancellationToken)
    {
        var failed = new List<DeliveryCompletion>();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);

        var eventIds = items.Where(i => i.Delivery.EventId is not null).Select(i => i.Delivery.EventId!.Value).Distinct().ToList();
        var events = eventIds.Count == 0 ? [] : await db.Events.AsNoTracking().Where(e => eventIds.Contains(e.Id))
            .ToDictionaryAsync(e => e.Id, cancellationToken).ConfigureAwait(false);
        var rowIds = items.Where(i => i.Delivery.DeferredDispatchId is not null).Select(i => i.Delivery.DeferredDispatchId!.Value).Distinct().ToList();
        var batches = await LoadBatchesAsync(db, rowIds, cancellationToken).ConfigureAwait(false);
        var linkIds = items.Where(i => i.Delivery.LinkId is not null).Select(i => i.Delivery.LinkId!.Value).Distinct().ToList();
        var options = linkIds.Count == 0 ? [] : await db.Links.AsNoTracking().Where(l => linkIds.Contains(l.Id))
            .ToDictionaryAsync(l => l.Id, l => LinkDisplayOptions.FromJson(l.DisplayOptionsJson), cancellationToken).ConfigureAwait(false);

        var rendered = new Dictionary<(long?, long?, LinkDisplayOptions, string), NotificationMessage>();
        foreach (var item in items)
        {
            var delivery = item.Delivery;
            var target = await targets.GetAsync(delivery.TargetId, cancellationToken).ConfigureAwait(false);
            if (target is null)
            {
                failed.Add(new DeliveryCompletion(item, null, DeliveryStatus.Cancelled, "The target no longer exists."));
                continue;
            }
            if (!notifiers.TryGet(target.Type, out var notifier))
            {
                failed.Add(new DeliveryCompletion(item, null, DeliveryStatus.Dead, $"No notifier can send to {target.Type} targets."));
                continue;
            }
            RenderSubject subject;
            if (delivery.EventId is { } eventId && events.TryGetValue(eventId, out var e))
            {
                subject = new RenderSubject.SingleEvent(e);
                item.EventIds = [eventId];
            }
            else if (delivery.DeferredDispatchId is { } rowId && batches.TryGetValue(rowId, out var batch))
            {
                subject = batch.Subject;
                item.EventIds = batch.EventIds;
            }
            else
            {
                failed.Add(new DeliveryCompletion(item, null, DeliveryStatus.Cancelled, "The event was deleted before it could be sent."));
                continue;
            }

            var display = delivery.LinkId is { } linkId && options.TryGetValue(linkId, out var o) ? o : LinkDisplayOptions.Default;
            try
            {
                // A broadcast's deliveries share subject, options and locale: render (or even look up) once per claim.
                var renderKey = (delivery.EventId, delivery.DeferredDispatchId, display, delivery.Locale);
                if (!rendered.TryGetValue(renderKey, out var message))
                {
                    message = await renderer.RenderAsync(subject, display, delivery.Locale, cancellationToken).ConfigureAwait(false);
                    rendered[renderKey] = message;
                }
                item.Message = message;
            }
#pragma warning disable CA1031 // a template that fails at run time kills this delivery, not the worker
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                failed.Add(new DeliveryCompletion(item, null, DeliveryStatus.Dead, $"Rendering the message failed: {ex.Message}"));
                continue;
            }
            item.Target = target;
            item.Notifier = notifier;
            item.Lane = notifier.LaneFor(target);
        }
        return failed;
    }

    private sealed record LoadedBatch(RenderSubject.Batch Subject, IReadOnlyList<long> EventIds);

    private static async Task<Dictionary<long, LoadedBatch>> LoadBatchesAsync(NotifyBridgeDbContext db, List<long> rowIds, CancellationToken cancellationToken)
    {
        var result = new Dictionary<long, LoadedBatch>();
        if (rowIds.Count == 0) return result;
        var rows = await db.DeferredDispatches.AsNoTracking().Where(d => rowIds.Contains(d.Id)).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var row in rows)
        {
            var ids = await db.DeferredDispatchEvents.AsNoTracking().Where(x => x.DeferredDispatchId == row.Id)
                .OrderBy(x => x.EventId).Select(x => x.EventId).ToListAsync(cancellationToken).ConfigureAwait(false);
            var sampleIds = ids.Take(BatchSampleSize).ToList();
            var sample = await db.Events.AsNoTracking().Where(e => sampleIds.Contains(e.Id)).OrderBy(e => e.Id)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            result[row.Id] = new LoadedBatch(new RenderSubject.Batch(row, sample), ids);
        }
        return result;
    }
}

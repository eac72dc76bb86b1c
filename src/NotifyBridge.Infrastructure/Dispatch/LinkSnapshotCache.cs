using Microsoft.EntityFrameworkCore;
using NotifyBridge.Domain.Links;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Infrastructure.Targets;

namespace NotifyBridge.Infrastructure.Dispatch;

/// <summary>
/// The links dispatch plans with, loaded at most every few seconds instead of per event.
/// Changes made on this instance apply at once (<see cref="Invalidate"/>); another instance's
/// changes (PostgreSQL, several instances) apply within <see cref="MaxAge"/>.
/// </summary>
public sealed class LinkSnapshotCache(TimeProvider timeProvider)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private volatile Entry? _entry;

    private sealed record Entry(LinkSnapshot Snapshot, DateTimeOffset LoadedAt);

    public void Invalidate() => _entry = null;

    public async Task<LinkSnapshot> GetAsync(NotifyBridgeDbContext db, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (_entry is { } entry && now - entry.LoadedAt < MaxAge) return entry.Snapshot;
        var snapshot = await LoadAsync(db, cancellationToken).ConfigureAwait(false);
        _entry = new Entry(snapshot, now);
        return snapshot;
    }

    public static async Task<LinkSnapshot> LoadAsync(NotifyBridgeDbContext db, CancellationToken cancellationToken)
    {
        var links = await db.Links.AsNoTracking().Where(l => l.Enabled).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (links.Count == 0) return LinkSnapshot.Empty;
        // The same graph that checks broadcasts for cycles at save time expands them here.
        var targets = await db.Targets.AsNoTracking()
            .Select(t => new TargetGraph.Node(t.Id, t.Name, t.Type, t.Enabled))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var members = await db.BroadcastMembers.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        var graph = new TargetGraph(targets, members);

        var planned = new List<PlannedLink>(links.Count);
        foreach (var link in links)
        {
            var targetIds = graph.Expand(link.TargetId);
            if (targetIds.Count == 0) continue;
            planned.Add(new PlannedLink(
                link.Id,
                link.ProviderId,
                LinkFilter.For(link),
                link.QuietHoursPolicy(),
                link.Locale,
                link.SummaryMode,
                link.BurstWindowSeconds > 0 ? TimeSpan.FromSeconds(link.BurstWindowSeconds) : null,
                targetIds));
        }
        return new LinkSnapshot(planned);
    }
}

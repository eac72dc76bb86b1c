using Microsoft.EntityFrameworkCore;
using NotifyBridge.Domain.Links;
using NotifyBridge.Domain.Targets;
using NotifyBridge.Infrastructure.Persistence;

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
        var targets = await db.Targets.AsNoTracking()
            .Select(t => new { t.Id, t.Type, t.Enabled })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var members = await db.BroadcastMembers.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        var graph = new BroadcastGraph(
            targets.ToDictionary(t => t.Id, t => (t.Type, t.Enabled)),
            members.ToLookup(m => m.BroadcastTargetId, m => m.MemberTargetId));

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

/// <summary>
/// Expands a target into the enabled, non-broadcast targets it reaches. Broadcasts may nest;
/// a cycle (refused at save time, but never trusted) is cut rather than followed forever.
/// </summary>
public sealed class BroadcastGraph(IReadOnlyDictionary<long, (TargetType Type, bool Enabled)> targets, ILookup<long, long> members)
{
    public IReadOnlyList<long> Expand(long targetId)
    {
        var result = new List<long>();
        var seen = new HashSet<long>();
        var stack = new Stack<long>();
        stack.Push(targetId);
        while (stack.Count > 0)
        {
            var id = stack.Pop();
            if (!seen.Add(id) || !targets.TryGetValue(id, out var target) || !target.Enabled) continue;
            if (target.Type != TargetType.Broadcast)
            {
                result.Add(id);
                continue;
            }
            // Push in reverse so members are visited in their stored order.
            foreach (var member in members[id].Reverse()) stack.Push(member);
        }
        return result;
    }
}

using Microsoft.EntityFrameworkCore;
using NotifyBridge.Infrastructure.Persistence;

namespace NotifyBridge.Infrastructure.Retention;

/// <summary>The retention job's own history grows too: keep it under the same rule.</summary>
internal sealed class RetentionRunHistoryPolicy : IRetentionPolicy
{
    public string Table => "RetentionRuns";

    public async Task<int> DeleteBatchAsync(NotifyBridgeDbContext db, DateTime cutoffUtc, int batchSize, CancellationToken cancellationToken)
    {
        var ids = await db.RetentionRuns.Where(r => r.StartedAt < cutoffUtc)
            .OrderBy(r => r.StartedAt).Take(batchSize).Select(r => r.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return ids.Count == 0 ? 0 : await db.RetentionRuns.Where(r => ids.Contains(r.Id)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task<long> CountAsync(NotifyBridgeDbContext db, CancellationToken cancellationToken) =>
        db.RetentionRuns.LongCountAsync(cancellationToken);
}

using Microsoft.EntityFrameworkCore;
using NotifyBridge.Infrastructure.Persistence;

namespace NotifyBridge.Infrastructure.Retention;

internal sealed class PayloadLogRetentionPolicy : IRetentionPolicy
{
    public string Table => "WebhookPayloadLog";

    public async Task<int> DeleteBatchAsync(NotifyBridgeDbContext db, DateTime cutoffUtc, int batchSize, CancellationToken cancellationToken)
    {
        var ids = await db.WebhookPayloadLog.Where(l => l.ReceivedAt < cutoffUtc)
            .OrderBy(l => l.ReceivedAt).Take(batchSize).Select(l => l.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return ids.Count == 0 ? 0 : await db.WebhookPayloadLog.Where(l => ids.Contains(l.Id)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task<long> CountAsync(NotifyBridgeDbContext db, CancellationToken cancellationToken) =>
        db.WebhookPayloadLog.LongCountAsync(cancellationToken);
}

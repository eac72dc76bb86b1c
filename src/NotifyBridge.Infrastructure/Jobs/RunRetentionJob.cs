using Coravel.Invocable;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Infrastructure.Retention;

namespace NotifyBridge.Infrastructure.Jobs;

/// <summary>Checks every few minutes whether the nightly retention run is due (see RetentionSchedule).</summary>
public sealed class RunRetentionJob(RetentionService retention, DatabaseReadiness readiness) : IInvocable, ICancellableInvocable
{
    public CancellationToken CancellationToken { get; set; }

    public async Task Invoke()
    {
        if (!readiness.IsReady) return;
        await retention.RunIfDueAsync(CancellationToken).ConfigureAwait(false);
    }
}

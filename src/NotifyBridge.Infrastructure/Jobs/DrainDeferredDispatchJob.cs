using Coravel.Invocable;
using NotifyBridge.Infrastructure.Dispatch;
using NotifyBridge.Infrastructure.Persistence;

namespace NotifyBridge.Infrastructure.Jobs;

/// <summary>Fires held notifications whose quiet hours ended or whose burst window closed (bounded per run, never overlapping).</summary>
public sealed class DrainDeferredDispatchJob(DeferredDispatchDrain drain, DatabaseReadiness readiness) : IInvocable, ICancellableInvocable
{
    public CancellationToken CancellationToken { get; set; }

    public async Task Invoke()
    {
        if (!readiness.IsReady) return;
        await drain.DrainAsync(CancellationToken).ConfigureAwait(false);
    }
}

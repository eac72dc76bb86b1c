namespace NotifyBridge.Infrastructure.Dispatch;

/// <summary>
/// Wakes the delivery worker when new deliveries are due now (ingest, redeliver, drain job),
/// so it does not have to poll fast. Missed signals are harmless: the worker also polls.
/// </summary>
public sealed class DeliverySignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        // At most one pending wake-up; more would only cause empty rounds.
        if (_signal.CurrentCount == 0)
        {
            try { _signal.Release(); }
            catch (SemaphoreFullException) { }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}

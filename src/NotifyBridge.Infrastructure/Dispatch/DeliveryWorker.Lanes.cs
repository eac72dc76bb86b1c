using NotifyBridge.Domain.Notifications;

namespace NotifyBridge.Infrastructure.Dispatch;

/// <summary>The lanes: one queue per chat / webhook / room, sent in order, paced, merged.</summary>
internal sealed partial class DeliveryWorker
{
    private sealed class Lane(string key)
    {
        public string Key { get; } = key;
        public Queue<DeliveryWorkItem> Queue { get; } = new();
        public bool Running { get; set; }
    }

    private async Task RunLaneAsync(Lane lane)
    {
        while (true)
        {
            List<DeliveryWorkItem> batch;
            lock (_gate)
            {
                if (lane.Queue.Count == 0 || _sendAbort.IsCancellationRequested)
                {
                    lane.Running = false;
                    if (lane.Queue.Count == 0) _lanes.Remove(lane.Key);
                    return;
                }
                batch = TakeMergeable(lane.Queue);
            }
            await SendAsync(batch).ConfigureAwait(false);
        }
    }

    /// <summary>The next item, plus the ones behind it for the same target that fit one merged message.</summary>
    private static List<DeliveryWorkItem> TakeMergeable(Queue<DeliveryWorkItem> queue)
    {
        var first = queue.Dequeue();
        var batch = new List<DeliveryWorkItem> { first };
        if (!first.Lane!.MergeWhenQueued) return batch;
        var candidates = new List<NotificationMessage> { first.Message! };
        foreach (var next in queue)
        {
            // Only the same target merges: thread, silence and the like are per target.
            if (next.Delivery.TargetId != first.Delivery.TargetId) break;
            candidates.Add(next.Message!);
        }
        var fit = MessageMerger.CountThatFit(candidates, first.Lane.MaxMergedTextLength);
        for (var i = 1; i < fit; i++) batch.Add(queue.Dequeue());
        return batch;
    }

    private async Task SendAsync(List<DeliveryWorkItem> batch)
    {
        var first = batch[0];
        var lane = first.Lane!;
        var pool = PoolFor(lane);
        SendResult result;
        try
        {
            // Pace first, outside any slot: a chat waiting for its next second must not hold a
            // send slot another target could use. Then the bot's share, then a global slot.
            var wait = rateShaper.Reserve(lane);
            if (wait > TimeSpan.Zero) await Task.Delay(wait, timeProvider, _sendAbort.Token).ConfigureAwait(false);
            if (pool is not null) await pool.WaitAsync(_sendAbort.Token).ConfigureAwait(false);
            try
            {
                await _sendSlots!.WaitAsync(_sendAbort.Token).ConfigureAwait(false);
                try
                {
                    result = await AttemptAsync(batch).ConfigureAwait(false);
                }
                finally
                {
                    _sendSlots.Release();
                }
            }
            finally
            {
                pool?.Release();
            }
        }
        catch (OperationCanceledException) when (_sendAbort.IsCancellationRequested)
        {
            // Shutting down before this was attempted: it stays claimed and is released at shutdown.
            lock (_gate) foreach (var item in batch) _unsent.Add(item);
            return;
        }
        rateShaper.Observe(lane, result);
        foreach (var item in batch) Complete(new DeliveryCompletion(item, result));
    }

    private readonly List<DeliveryWorkItem> _unsent = [];

    private async Task<SendResult> AttemptAsync(List<DeliveryWorkItem> batch)
    {
        var first = batch[0];
        var message = batch.Count == 1 ? first.Message! : MessageMerger.Merge([.. batch.Select(i => i.Message!)]);
        var attempt = new DeliveryAttempt(first.Delivery.Id, first.Delivery.IdempotencyKey, first.Delivery.Attempts + 1, timeProvider.GetUtcNow());
        using var timeout = new CancellationTokenSource(options.Value.SendTimeout, timeProvider);
        try
        {
            return await first.Notifier!.SendAsync(first.Target!, message, attempt, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return SendResult.NoResponse($"No answer within {options.Value.SendTimeout.TotalSeconds:0} s.");
        }
#pragma warning disable CA1031 // a notifier bug must cost one delivery attempt, not the worker
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogNotifierThrew(logger, first.Target!.Type.ToString(), ex);
            return SendResult.NoResponse($"{ex.GetType().Name}: {ex.Message}");
        }
    }

    private SemaphoreSlim? PoolFor(DeliveryLane lane)
    {
        if (lane.PoolKey is not { } key) return null;
        lock (_gate)
        {
            if (!_pools.TryGetValue(key, out var pool))
            {
                // Pools are bots: a handful per instance, kept for the process lifetime.
                pool = new SemaphoreSlim(Math.Max(1, lane.PoolConcurrency));
                _pools[key] = pool;
            }
            return pool;
        }
    }
}

using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NotifyBridge.Domain.Notifications;
using NotifyBridge.Infrastructure.Persistence;

namespace NotifyBridge.Infrastructure.Dispatch;

/// <summary>
/// Sends the outbox. One loop claims due deliveries (bounded by <see cref="DeliveryOptions.MaxInFlight"/>,
/// skipping targets already busy here) and hands them to lanes: a lane is one chat / webhook /
/// room, sends in order, one at a time, paced by <see cref="RateShaper"/>, merging what queued up.
/// Lanes run concurrently up to <see cref="DeliveryOptions.MaxConcurrentSends"/>, and lanes of one
/// pool (a Telegram bot) share its concurrency, so one slow target or bot never starves the rest.
/// Outcomes are written back in batches by a single writer loop. Lanes live only while they
/// hold work, so memory is bounded by what is in flight, not by the number of targets.
/// </summary>
internal sealed partial class DeliveryWorker(
    DeliveryStore store,
    DeliverySignal signal,
    DeliveryPreparer preparer,
    DeliveryCompletionWriter completionWriter,
    RateShaper rateShaper,
    DatabaseReadiness readiness,
    IDbContextFactory<NotifyBridgeDbContext> contextFactory,
    TimeProvider timeProvider,
    IOptions<DeliveryOptions> options,
    ILogger<DeliveryWorker> logger) : BackgroundService
{
    private readonly string _instance = Guid.NewGuid().ToString("N")[..12];
    private readonly Channel<DeliveryCompletion> _completions = Channel.CreateUnbounded<DeliveryCompletion>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, Lane> _lanes = new(StringComparer.Ordinal);
    private readonly Dictionary<long, int> _busyTargets = [];
    // Ids claimed and not yet written back (at most MaxInFlight): on SQLite this is the claim itself.
    private readonly HashSet<long> _held = [];
    private readonly Dictionary<string, SemaphoreSlim> _pools = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _sendAbort = new();
    private SemaphoreSlim? _sendSlots;
    private long _claimSequence;
    private int _inFlight;

    /// <summary>Deliveries claimed and not yet written back.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await readiness.WhenReady.WaitAsync(stoppingToken).ConfigureAwait(false);
        var settings = options.Value;
        _sendSlots = new SemaphoreSlim(settings.MaxConcurrentSends, settings.MaxConcurrentSends);
        var writer = Task.Run(() => WriteCompletionsAsync(), CancellationToken.None);

        await using (var probe = await contextFactory.CreateDbContextAsync(stoppingToken).ConfigureAwait(false))
        {
            // SQLite means one process owns the database: any claim left over is from a process
            // that died, take it back now. PostgreSQL may have other live instances: wait for expiry.
            var sqlite = probe is not PostgresNotifyBridgeDbContext;
            var reclaimed = await store.ReclaimAsync(Now, all: sqlite, stoppingToken).ConfigureAwait(false);
            if (reclaimed > 0) LogReclaimed(logger, reclaimed);
        }

        var lastReclaim = timeProvider.GetUtcNow();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (timeProvider.GetUtcNow() - lastReclaim > settings.LeaseDuration / 2)
                    {
                        lastReclaim = timeProvider.GetUtcNow();
                        if (InFlight > 0) await store.RenewAsync(_instance + ":", Now + settings.LeaseDuration, Now, stoppingToken).ConfigureAwait(false);
                        var reclaimed = await store.ReclaimAsync(Now, all: false, stoppingToken).ConfigureAwait(false);
                        if (reclaimed > 0) LogReclaimed(logger, reclaimed);
                    }
                    var claimed = await ClaimAsync(settings, stoppingToken).ConfigureAwait(false);
                    if (claimed.Count > 0) await StartAsync(claimed, stoppingToken).ConfigureAwait(false);
                    // A full claim means more is probably due: go again at once.
                    if (claimed.Count > 0 && InFlight < settings.MaxInFlight / 2) continue;
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
#pragma warning disable CA1031 // the worker must outlive a failing round (database busy, network)
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    LogRoundFailed(logger, ex);
                }
                await WaitForWorkAsync(settings.PollInterval, stoppingToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await ShutdownAsync(settings, writer).ConfigureAwait(false);
        }
    }

    private DateTime Now => timeProvider.GetUtcNow().UtcDateTime;

    private async Task WaitForWorkAsync(TimeSpan pollInterval, CancellationToken stoppingToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var delay = Task.Delay(pollInterval, timeProvider, timeout.Token);
            var wake = signal.WaitAsync(Timeout.InfiniteTimeSpan, timeout.Token);
            await Task.WhenAny(delay, wake).ConfigureAwait(false);
            await timeout.CancelAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<List<DeliveryWorkItem>> ClaimAsync(DeliveryOptions settings, CancellationToken cancellationToken)
    {
        var room = settings.MaxInFlight - InFlight;
        if (room <= 0) return [];
        // Skip only targets that already hold their share of the in-flight budget: a flood for one
        // chat cannot crowd out the rest, while the claim query stays a short index walk (skipping
        // every busy target would make it scan the whole backlog when all targets are busy).
        var share = Math.Max(1, settings.MaxInFlight / 20);
        long[] busy, held;
        lock (_gate)
        {
            busy = [.. _busyTargets.Where(t => t.Value >= share).Select(t => t.Key)];
            held = [.. _held];
        }
        var token = $"{_instance}:{Interlocked.Increment(ref _claimSequence)}";
        var rows = await store.ClaimAsync(token, Now, settings.LeaseDuration, Math.Min(room, 500), busy, held, cancellationToken).ConfigureAwait(false);
        lock (_gate) foreach (var row in rows) _held.Add(row.Id);
        Interlocked.Add(ref _inFlight, rows.Count);
        return [.. rows.Select(r => new DeliveryWorkItem(r, token))];
    }

    private async Task StartAsync(List<DeliveryWorkItem> items, CancellationToken cancellationToken)
    {
        List<DeliveryCompletion> unsendable;
        try
        {
            unsendable = await preparer.PrepareAsync(items, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Could not even prepare (database gone?): give the claims back untouched.
            await store.ReleaseAsync([.. items.Select(i => i.Delivery.Id)], Now, CancellationToken.None).ConfigureAwait(false);
            lock (_gate) foreach (var item in items) _held.Remove(item.Delivery.Id);
            Interlocked.Add(ref _inFlight, -items.Count);
            throw;
        }
        foreach (var completion in unsendable) _completions.Writer.TryWrite(completion);
        var failed = unsendable.Select(c => c.Item).ToHashSet();
        lock (_gate)
        {
            foreach (var item in items)
            {
                if (failed.Contains(item)) continue;
                _busyTargets[item.Delivery.TargetId] = _busyTargets.GetValueOrDefault(item.Delivery.TargetId) + 1;
                var key = item.Lane!.Key;
                if (!_lanes.TryGetValue(key, out var lane))
                {
                    lane = new Lane(key);
                    _lanes[key] = lane;
                }
                lane.Queue.Enqueue(item);
                if (!lane.Running)
                {
                    lane.Running = true;
                    _ = Task.Run(() => RunLaneAsync(lane), CancellationToken.None);
                }
            }
        }
    }

    private void Complete(DeliveryCompletion completion) => _completions.Writer.TryWrite(completion);

    private async Task WriteCompletionsAsync()
    {
        var reader = _completions.Reader;
        var batch = new List<DeliveryCompletion>(256);
        while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < 500 && reader.TryRead(out var completion)) batch.Add(completion);
            if (batch.Count < 300 && InFlight > batch.Count)
            {
                // More outcomes are on their way: a moment's wait turns many small write-back
                // transactions (each queueing for SQLite's one write lock, each writing the same
                // hot pages to the WAL again) into one.
                await Task.Delay(TimeSpan.FromMilliseconds(15), CancellationToken.None).ConfigureAwait(false);
                while (batch.Count < 500 && reader.TryRead(out var more)) batch.Add(more);
            }
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await completionWriter.WriteAsync(batch, CancellationToken.None).ConfigureAwait(false);
                    break;
                }
#pragma warning disable CA1031 // keep trying: the outcomes are only in memory until written
                catch (Exception ex) when (attempt < 5)
#pragma warning restore CA1031
                {
                    LogWriteFailed(logger, batch.Count, ex);
                    await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), timeProvider).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // give up on this batch: the claims expire and the rows are retried (same keys)
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    LogWriteFailed(logger, batch.Count, ex);
                    break;
                }
            }
            lock (_gate)
            {
                foreach (var completion in batch) ReleaseBusy(completion.Item);
            }
            Interlocked.Add(ref _inFlight, -batch.Count);
            // Room again: claim what waited behind busy targets — once enough has drained that
            // the next claim is a real batch, not a trickle of small, costly ones.
            if (batch.Count > 0 && (InFlight < options.Value.MaxInFlight / 2 || InFlight == 0)) signal.Notify();
        }
    }

    private void ReleaseBusy(DeliveryWorkItem item)
    {
        _held.Remove(item.Delivery.Id);
        var target = item.Delivery.TargetId;
        if (!_busyTargets.TryGetValue(target, out var count)) return;
        if (count <= 1) _busyTargets.Remove(target);
        else _busyTargets[target] = count - 1;
    }

    /// <summary>
    /// Stops taking work; sends already under way get <see cref="DeliveryOptions.ShutdownGrace"/>
    /// to finish and be written; everything claimed but not sent is given back as pending.
    /// </summary>
    private async Task ShutdownAsync(DeliveryOptions settings, Task writer)
    {
        var deadline = timeProvider.GetUtcNow() + settings.ShutdownGrace;
        List<DeliveryWorkItem> queued;
        lock (_gate)
        {
            queued = [.. _lanes.Values.SelectMany(l => l.Queue)];
            foreach (var lane in _lanes.Values) lane.Queue.Clear();
        }
        await _sendAbort.CancelAsync().ConfigureAwait(false);
        // Wait for attempts in flight (their results reach the writer) until the grace ends.
        while (InFlight > queued.Count + UnsentCount && timeProvider.GetUtcNow() < deadline)
            await Task.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None).ConfigureAwait(false);
        List<DeliveryWorkItem> unsent;
        lock (_gate) unsent = [.. _unsent, .. queued];
        try
        {
            await store.ReleaseAsync([.. unsent.Select(i => i.Delivery.Id)], Now, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // the claims expire on their own; nothing is lost
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogWriteFailed(logger, unsent.Count, ex);
        }
        lock (_gate)
        {
            foreach (var item in unsent) _held.Remove(item.Delivery.Id);
            _unsent.Clear();
        }
        Interlocked.Add(ref _inFlight, -unsent.Count);
        _completions.Writer.TryComplete();
        await writer.ConfigureAwait(false);
    }

    private int UnsentCount
    {
        get { lock (_gate) return _unsent.Count; }
    }

    public override void Dispose()
    {
        _sendAbort.Dispose();
        _sendSlots?.Dispose();
        foreach (var pool in _pools.Values) pool.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Took back {Count} deliveries whose sender stopped mid-attempt; they are retried with their idempotency keys.")]
    private static partial void LogReclaimed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A delivery round failed; retrying shortly.")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Count} delivery outcomes failed.")]
    private static partial void LogWriteFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The {TargetType} notifier threw instead of returning a result.")]
    private static partial void LogNotifierThrew(ILogger logger, string targetType, Exception exception);
}

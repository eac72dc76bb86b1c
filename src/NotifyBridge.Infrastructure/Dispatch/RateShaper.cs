using NotifyBridge.Domain.Notifications;

namespace NotifyBridge.Infrastructure.Dispatch;

/// <summary>
/// Paces sends per lane (a Telegram chat, a Discord webhook) and per pool (a Telegram bot).
/// State is kept only for keys in use: at most <see cref="MaxKeys"/> entries, and idle ones
/// (full bucket, no block) are dropped first — forgetting an idle bucket changes nothing.
/// </summary>
public sealed class RateShaper(TimeProvider timeProvider)
{
    public const int MaxKeys = 10_000;

    private readonly Dictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _blockedUntil = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>How long to wait before the next send in this lane (and pool) may go; reserves the slot.</summary>
    public TimeSpan Reserve(DeliveryLane lane)
    {
        ArgumentNullException.ThrowIfNull(lane);
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            var wait = TimeSpan.Zero;
            if (_blockedUntil.TryGetValue(lane.Key, out var until))
            {
                if (until > now) wait = until - now;
                else _blockedUntil.Remove(lane.Key);
            }
            if (lane.LaneRate is { } laneRate) wait = Max(wait, Bucket(lane.Key, laneRate, now).Reserve(now + wait));
            if (lane.PoolKey is { } pool && lane.PoolRate is { } poolRate) wait = Max(wait, Bucket(pool, poolRate, now).Reserve(now + wait));
            return wait;
        }
    }

    /// <summary>The target said how much budget is left (Discord headers) or asked us to wait (429).</summary>
    public void Observe(DeliveryLane lane, SendResult result)
    {
        ArgumentNullException.ThrowIfNull(lane);
        ArgumentNullException.ThrowIfNull(result);
        TimeSpan? pause = null;
        if (result.RateLimit is { Remaining: <= 0 } state) pause = state.ResetAfter;
        if (result.HttpStatus == 429 && result.RetryAfter is { } retryAfter) pause = Max(pause ?? TimeSpan.Zero, retryAfter);
        if (pause is not { } duration || duration <= TimeSpan.Zero) return;
        var until = timeProvider.GetUtcNow() + duration;
        lock (_gate)
        {
            if (!_blockedUntil.TryGetValue(lane.Key, out var existing) || existing < until) _blockedUntil[lane.Key] = until;
            TrimIfFull(timeProvider.GetUtcNow());
        }
    }

    public int TrackedKeys
    {
        get { lock (_gate) return _buckets.Count + _blockedUntil.Count; }
    }

    private TokenBucket Bucket(string key, RateLimit rate, DateTimeOffset now)
    {
        if (_buckets.TryGetValue(key, out var bucket) && bucket.Limit == rate) return bucket;
        TrimIfFull(now);
        bucket = new TokenBucket(rate, now);
        _buckets[key] = bucket;
        return bucket;
    }

    private void TrimIfFull(DateTimeOffset now)
    {
        if (_buckets.Count + _blockedUntil.Count < MaxKeys) return;
        foreach (var key in _buckets.Where(b => b.Value.IsIdle(now)).Select(b => b.Key).ToList()) _buckets.Remove(key);
        foreach (var key in _blockedUntil.Where(b => b.Value <= now).Select(b => b.Key).ToList()) _blockedUntil.Remove(key);
        // Still full of busy keys: drop the oldest-inserted; pacing for them restarts fresh.
        while (_buckets.Count + _blockedUntil.Count >= MaxKeys && _buckets.Count > 0) _buckets.Remove(_buckets.Keys.First());
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}

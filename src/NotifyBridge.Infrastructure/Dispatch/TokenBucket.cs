using NotifyBridge.Domain.Notifications;

namespace NotifyBridge.Infrastructure.Dispatch;

/// <summary>
/// A token bucket that reserves: <see cref="Reserve"/> takes a token now or books the next free
/// one and says how long to wait for it, so concurrent callers queue fairly without polling.
/// </summary>
public sealed class TokenBucket(RateLimit limit, DateTimeOffset now)
{
    private readonly double _capacity = Math.Max(1, limit.Tokens);
    private readonly TimeSpan _interval = limit.Per / Math.Max(1, limit.Tokens);
    private double _tokens = Math.Max(1, limit.Tokens);
    private DateTimeOffset _updated = now;

    public RateLimit Limit { get; } = limit;

    public TimeSpan Reserve(DateTimeOffset now)
    {
        lock (this)
        {
            Refill(now);
            _tokens -= 1;
            if (_tokens >= 0) return TimeSpan.Zero;
            return _interval * -_tokens;
        }
    }

    /// <summary>True when the bucket is full again: forgetting it changes nothing.</summary>
    public bool IsIdle(DateTimeOffset now)
    {
        lock (this)
        {
            Refill(now);
            return _tokens >= _capacity;
        }
    }

    private void Refill(DateTimeOffset now)
    {
        if (now <= _updated) return;
        _tokens = Math.Min(_capacity, _tokens + (now - _updated) / _interval);
        _updated = now;
    }
}

using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace NotifyBridge.Infrastructure.Ingest;

/// <summary>
/// A token bucket per provider (only providers that exist: the lookup runs first, so
/// random slugs cannot grow it). PartitionedRateLimiter drops idle buckets itself, so the
/// state stays bounded by the providers that are actually sending.
/// </summary>
public sealed class WebhookRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<long> _limiter;

    public WebhookRateLimiter(IOptions<WebhookOptions> options)
    {
        var perMinute = options.Value.RateLimitPerMinute;
        var burst = Math.Max(1, options.Value.RateLimitBurst);
        _limiter = PartitionedRateLimiter.Create<long, long>(providerId => RateLimitPartition.GetTokenBucketLimiter(providerId, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = Math.Max(1, perMinute / 60),
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>True when the call may proceed; otherwise how long the sender should wait.</summary>
    public (bool Allowed, TimeSpan RetryAfter) TryAcquire(long providerId)
    {
        using var lease = _limiter.AttemptAcquire(providerId);
        if (lease.IsAcquired) return (true, TimeSpan.Zero);
        return (false, lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1));
    }

    public void Dispose() => _limiter.Dispose();
}

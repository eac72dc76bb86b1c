using NotifyBridge.Domain.Dispatch.Retry;

namespace NotifyBridge.Domain.Notifications;

/// <summary>
/// What one attempt achieved. <see cref="Error"/> is the exact upstream error ("Send test" shows
/// it verbatim), <see cref="RetryAfter"/> a wait the target asked for, <see cref="RateLimit"/> what
/// the target said about its budget (Discord's X-RateLimit-* headers).
/// </summary>
public sealed record SendResult(
    DeliveryOutcome Outcome,
    int? HttpStatus = null,
    string? Error = null,
    TimeSpan? RetryAfter = null,
    RateLimitState? RateLimit = null,
    string? Receipt = null)
{
    public bool Succeeded => Outcome == DeliveryOutcome.Success;

    public static SendResult Success(int? httpStatus = 200, string? receipt = null, RateLimitState? rateLimit = null) =>
        new(DeliveryOutcome.Success, httpStatus, null, null, rateLimit, receipt);

    /// <summary>Classifies by status (5xx/408/429 transient, other 4xx permanent).</summary>
    public static SendResult Failed(int httpStatus, string error, TimeSpan? retryAfter = null, RateLimitState? rateLimit = null) =>
        new(DeliveryFailureClassifier.Classify(httpStatus), httpStatus, error, retryAfter, rateLimit);

    /// <summary>No response: connection refused, DNS, TLS, timeout.</summary>
    public static SendResult NoResponse(string error) => new(DeliveryOutcome.Transient, null, error);

    /// <summary>Retrying cannot help (bad settings, refused by network policy).</summary>
    public static SendResult Permanent(string error, int? httpStatus = null) => new(DeliveryOutcome.Permanent, httpStatus, error);
}

/// <summary>A target's remaining budget: <see cref="Remaining"/> sends until <see cref="ResetAfter"/> has passed.</summary>
public sealed record RateLimitState(int Remaining, TimeSpan ResetAfter);

namespace NotifyBridge.Domain.Dispatch.Retry;

/// <summary>App-wide retry settings for deliveries.</summary>
/// <param name="BaseDelay">The ceiling of the first retry's delay; it doubles per failed attempt.</param>
/// <param name="MaxDelay">The ceiling never grows past this.</param>
/// <param name="MaxAttempts">Attempts (including the first) before a delivery is dead.</param>
public sealed record RetryBackoffOptions(TimeSpan BaseDelay, TimeSpan MaxDelay, int MaxAttempts)
{
    public static readonly RetryBackoffOptions Default = new(TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(30), 10);
}

/// <summary>What happens to a delivery after a failed attempt.</summary>
public abstract record RetryDecision
{
    private RetryDecision() { }

    /// <summary>Try again after <paramref name="Delay"/>.</summary>
    public sealed record RetryAfter(TimeSpan Delay) : RetryDecision;

    /// <summary>Give up: the delivery is a dead letter that an admin can redeliver.</summary>
    public sealed record Dead(DeadReason Reason) : RetryDecision;
}

public enum DeadReason
{
    AttemptsExhausted = 0,
    PermanentFailure,
}

/// <summary>
/// Exponential backoff with full jitter (delay uniform in [0, min(max, base·2^(n−1))]): many
/// deliveries that failed together against one target spread out instead of retrying in lockstep.
/// The random number is an argument, so tests and replays are deterministic.
/// </summary>
public static class RetryBackoff
{
    /// <summary>
    /// The delay before the next attempt after <paramref name="failedAttempts"/> failures (1 = the
    /// first attempt failed). <paramref name="random01"/> is in [0, 1).
    /// </summary>
    public static TimeSpan NextDelay(int failedAttempts, double random01, RetryBackoffOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        if (double.IsNaN(random01) || random01 < 0 || random01 >= 1)
            throw new ArgumentOutOfRangeException(nameof(random01), random01, "Expected a number in [0, 1).");
        // Cap the exponent: 2^62 ticks is already far past any sane MaxDelay.
        var exponent = Math.Min(failedAttempts - 1, 62);
        var ceilingTicks = options.BaseDelay.Ticks * Math.Pow(2, exponent);
        var ceiling = Math.Min(ceilingTicks, options.MaxDelay.Ticks);
        return TimeSpan.FromTicks((long)(ceiling * random01));
    }

    /// <summary>
    /// The full decision after a failed attempt: permanent failures and the last allowed attempt
    /// are dead; otherwise retry after the jittered delay, or after the target's own hint when
    /// that is longer (a 429 that says "wait 30 s" must not be retried after 3).
    /// </summary>
    public static RetryDecision Decide(
        DeliveryOutcome outcome, int failedAttempts, double random01, TimeSpan? honouredHint, RetryBackoffOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (outcome == DeliveryOutcome.Success)
            throw new ArgumentException("A successful attempt needs no retry decision.", nameof(outcome));
        if (outcome == DeliveryOutcome.Permanent) return new RetryDecision.Dead(DeadReason.PermanentFailure);
        if (failedAttempts >= options.MaxAttempts) return new RetryDecision.Dead(DeadReason.AttemptsExhausted);
        var delay = NextDelay(failedAttempts, random01, options);
        if (honouredHint is { } hint && hint > delay) delay = hint;
        return new RetryDecision.RetryAfter(delay);
    }
}

namespace NotifyBridge.Domain.Dispatch.Retry;

/// <summary>
/// A target's health as the delivery worker sees it. Stored per target so a restart keeps it.
/// </summary>
/// <param name="ConsecutiveFailures">Failed attempts since the last success.</param>
/// <param name="OpenUntilUtc">While in the future, no attempts go to this target.</param>
public sealed record CircuitBreakerState(int ConsecutiveFailures, DateTime? OpenUntilUtc)
{
    public static readonly CircuitBreakerState Closed = new(0, null);

    public bool IsOpen(DateTime utcNow) => OpenUntilUtc is { } until && utcNow < until;
}

/// <summary>
/// How long a failing target is left alone, as a plain table (after Sonarr's EscalationBackOff):
/// easy to read, easy to change, and no formula to reason about at 3 a.m.
/// </summary>
/// <param name="FailuresBeforeOpen">Consecutive failures tolerated before the circuit opens at all.</param>
/// <param name="OpenDurations">Open time for the 1st, 2nd, … failure past the threshold; the last entry repeats.</param>
public sealed record CircuitBreakerOptions(int FailuresBeforeOpen, IReadOnlyList<TimeSpan> OpenDurations)
{
    public static readonly CircuitBreakerOptions Default = new(
        FailuresBeforeOpen: 3,
        OpenDurations: [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromHours(1)]);
}

/// <summary>Opens and closes a target's circuit; pure, the caller stores the new state.</summary>
public static class CircuitBreaker
{
    /// <summary>Any success closes the circuit and forgets the failures.</summary>
    public static CircuitBreakerState OnSuccess(CircuitBreakerState state) => CircuitBreakerState.Closed;

    /// <summary>
    /// Counts a failure at <paramref name="utcNow"/>. With the default table the 3rd consecutive
    /// failure opens the circuit for 1 min, the 4th for 5 min, the 5th for 15 min, then 1 h each.
    /// Below the threshold the circuit stays closed (an open window that has lapsed is cleared).
    /// </summary>
    public static CircuitBreakerState OnFailure(CircuitBreakerState state, DateTime utcNow, CircuitBreakerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        options ??= CircuitBreakerOptions.Default;
        var failures = state.ConsecutiveFailures + 1;
        var open = OpenDuration(failures, options);
        return new CircuitBreakerState(failures, open is { } duration ? utcNow + duration : null);
    }

    /// <summary>How long the circuit opens after this many consecutive failures; null while below the threshold.</summary>
    public static TimeSpan? OpenDuration(int consecutiveFailures, CircuitBreakerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.OpenDurations.Count == 0 || consecutiveFailures < options.FailuresBeforeOpen) return null;
        var step = Math.Min(consecutiveFailures - options.FailuresBeforeOpen, options.OpenDurations.Count - 1);
        return options.OpenDurations[step];
    }
}

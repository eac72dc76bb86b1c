using System.Globalization;

namespace NotifyBridge.Domain.Dispatch.Retry;

/// <summary>Where a target told us how long to wait.</summary>
public enum RetryHintSource
{
    /// <summary>The standard <c>Retry-After</c> header (seconds or an HTTP-date).</summary>
    RetryAfterHeader = 0,
    /// <summary>Discord's JSON <c>retry_after</c>, float seconds.</summary>
    DiscordRetryAfter,
    /// <summary>Telegram's <c>parameters.retry_after</c>, whole seconds.</summary>
    TelegramRetryAfter,
    /// <summary>Matrix's <c>retry_after_ms</c>, milliseconds.</summary>
    MatrixRetryAfterMs,
}

/// <summary>
/// A wait a target asked for. Notifiers pull the raw values out of headers and JSON and build
/// hints with the factories here, so the Domain never parses JSON and every source ends up as
/// one comparable <see cref="Delay"/>.
/// </summary>
public sealed record RetryHint(TimeSpan Delay, RetryHintSource Source)
{
    /// <summary>The longest wait honoured unless the caller says otherwise; a bogus "retry in a week" must not park a delivery.</summary>
    public static readonly TimeSpan DefaultCap = TimeSpan.FromHours(1);

    /// <summary>
    /// Parses a <c>Retry-After</c> value: delta-seconds ("120") or an HTTP-date
    /// ("Wed, 21 Oct 2026 07:28:00 GMT"), the latter relative to <paramref name="now"/>.
    /// A date in the past means "now" (zero). Null for a missing or unreadable value.
    /// </summary>
    public static RetryHint? FromRetryAfterHeader(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        value = value.Trim();
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return new RetryHint(SafeSeconds(seconds), RetryHintSource.RetryAfterHeader);
        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            var delay = date - now;
            return new RetryHint(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, RetryHintSource.RetryAfterHeader);
        }
        return null;
    }

    /// <summary>Discord's <c>retry_after</c> (float seconds). Null for negative, NaN or infinite values.</summary>
    public static RetryHint? FromDiscordSeconds(double retryAfterSeconds)
    {
        if (double.IsNaN(retryAfterSeconds) || double.IsInfinity(retryAfterSeconds) || retryAfterSeconds < 0) return null;
        // Clamp before converting: TimeSpan.FromSeconds throws on absurd values.
        var seconds = Math.Min(retryAfterSeconds, TimeSpan.MaxValue.TotalSeconds / 2);
        return new RetryHint(TimeSpan.FromSeconds(seconds), RetryHintSource.DiscordRetryAfter);
    }

    /// <summary>Telegram's <c>parameters.retry_after</c> (whole seconds). Null for negative values.</summary>
    public static RetryHint? FromTelegramSeconds(long retryAfterSeconds) =>
        retryAfterSeconds < 0 ? null : new RetryHint(SafeSeconds(retryAfterSeconds), RetryHintSource.TelegramRetryAfter);

    /// <summary>Matrix's <c>retry_after_ms</c> (milliseconds). Null for negative values.</summary>
    public static RetryHint? FromMatrixMilliseconds(long retryAfterMs) =>
        retryAfterMs < 0 ? null : new RetryHint(TimeSpan.FromMilliseconds(retryAfterMs), RetryHintSource.MatrixRetryAfterMs);

    /// <summary>
    /// The wait to honour: the longest of the given hints (a target that says both "5 s" in JSON and
    /// "30 s" in a header means the longer), capped at <paramref name="cap"/> (default
    /// <see cref="DefaultCap"/>). Null when no hint was given.
    /// </summary>
    public static TimeSpan? Choose(IEnumerable<RetryHint?> hints, TimeSpan? cap = null)
    {
        ArgumentNullException.ThrowIfNull(hints);
        TimeSpan? longest = null;
        foreach (var hint in hints)
        {
            if (hint is null) continue;
            if (longest is null || hint.Delay > longest) longest = hint.Delay;
        }
        if (longest is null) return null;
        var limit = cap ?? DefaultCap;
        return longest > limit ? limit : longest;
    }

    private static TimeSpan SafeSeconds(long seconds) =>
        TimeSpan.FromSeconds(Math.Min(seconds, (long)(TimeSpan.MaxValue.TotalSeconds / 2)));
}

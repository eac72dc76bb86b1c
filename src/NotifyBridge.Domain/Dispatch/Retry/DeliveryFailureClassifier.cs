namespace NotifyBridge.Domain.Dispatch.Retry;

/// <summary>What one delivery attempt means for the delivery.</summary>
public enum DeliveryOutcome
{
    Success = 0,
    /// <summary>Worth retrying: the target may accept the same request later.</summary>
    Transient,
    /// <summary>Retrying the same request cannot help (bad token, unknown chat, malformed payload).</summary>
    Permanent,
}

/// <summary>
/// Sorts attempt results into success / retry / give up. Retrying a 400 or 403 only burns the
/// target's rate limit and delays the dead letter the admin needs to see, so only the statuses
/// that promise a different answer later are transient.
/// </summary>
public static class DeliveryFailureClassifier
{
    /// <summary>Classifies an HTTP response status: 2xx success; 5xx, 408, 429 transient; anything else permanent.</summary>
    /// <remarks>
    /// 1xx and 3xx count as permanent: the HTTP client follows redirects, so one that reaches us
    /// is a misconfigured URL, which a retry will not fix.
    /// </remarks>
    public static DeliveryOutcome Classify(int httpStatus) => httpStatus switch
    {
        >= 200 and <= 299 => DeliveryOutcome.Success,
        408 or 429 => DeliveryOutcome.Transient,
        >= 500 and <= 599 => DeliveryOutcome.Transient,
        _ => DeliveryOutcome.Permanent,
    };

    /// <summary>
    /// No response at all (connection refused, DNS failure, TLS error, timeout): transient — the
    /// target or the network may come back. The circuit breaker keeps a dead host from being hammered.
    /// </summary>
    public static DeliveryOutcome ClassifyNoResponse() => DeliveryOutcome.Transient;

    /// <summary>Null status means the attempt got no response (network error or timeout).</summary>
    public static DeliveryOutcome Classify(int? httpStatus) =>
        httpStatus is { } status ? Classify(status) : ClassifyNoResponse();
}

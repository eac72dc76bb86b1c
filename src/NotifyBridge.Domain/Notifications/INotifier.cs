using NotifyBridge.Domain.Targets;

namespace NotifyBridge.Domain.Notifications;

/// <summary>
/// Sends one rendered message to one target of its type. Notifiers never throw for an upstream
/// answer: they classify it into a <see cref="SendResult"/> (the worker decides retries). They
/// throw only for cancellation.
/// </summary>
public interface INotifier
{
    TargetType Type { get; }

    Task<SendResult> SendAsync(NotifierTarget target, NotificationMessage message, DeliveryAttempt attempt, CancellationToken cancellationToken);

    /// <summary>
    /// Where the delivery queues and how fast that queue may drain: deliveries sharing a
    /// <see cref="DeliveryLane.Key"/> go out in order, one at a time, and may be merged.
    /// </summary>
    DeliveryLane LaneFor(NotifierTarget target);
}

/// <summary>A target as a notifier sees it: settings parsed, secrets decrypted.</summary>
public sealed record NotifierTarget(
    long Id,
    string Name,
    TargetType Type,
    TargetSettings Settings,
    TargetSecrets Secrets,
    TelegramBotCredentials? Bot = null);

public sealed record TelegramBotCredentials(long BotId, string Token, string? ApiBaseUrl);

/// <summary>One attempt of one delivery. The key is the same on every attempt of the delivery.</summary>
public sealed record DeliveryAttempt(long DeliveryId, string IdempotencyKey, int AttemptNumber, DateTimeOffset Timestamp);

/// <summary>A token bucket: <see cref="Tokens"/> sends per <see cref="Per"/>, bursting up to <see cref="Tokens"/>.</summary>
public sealed record RateLimit(int Tokens, TimeSpan Per);

/// <summary>
/// The queue a delivery waits in. <see cref="Key"/> orders and paces (one Telegram chat, one
/// Discord webhook); <see cref="PoolKey"/> groups lanes that share a budget (one Telegram bot).
/// </summary>
/// <param name="MergeWhenQueued">When several deliveries wait in the lane, send them as one message.</param>
/// <param name="MaxMergedTextLength">Merged messages stay below this length (e.g. Telegram's 4096).</param>
public sealed record DeliveryLane(
    string Key,
    RateLimit? LaneRate = null,
    string? PoolKey = null,
    RateLimit? PoolRate = null,
    int PoolConcurrency = 4,
    bool MergeWhenQueued = false,
    int MaxMergedTextLength = 4000);

namespace NotifyBridge.Infrastructure.Ingest;

/// <summary>Bound from the <c>Webhooks</c> configuration section.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Largest accepted request body; larger ones get 413.</summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How much of each body the payload log keeps.</summary>
    public int PayloadLogBodyLimit { get; set; } = 16 * 1024;

    /// <summary>Newest payload log rows kept per provider.</summary>
    public int PayloadLogKeep { get; set; } = 20;

    /// <summary>
    /// How far above <see cref="PayloadLogKeep"/> a provider's log may grow before it is
    /// trimmed: the cap is enforced with one DELETE per this many calls, not one per call.
    /// </summary>
    public int PayloadLogSlack { get; set; } = 10;

    /// <summary>Sustained calls per minute per provider; beyond it (and the burst) answers 429.</summary>
    public int RateLimitPerMinute { get; set; } = 600;

    public int RateLimitBurst { get; set; } = 100;

    /// <summary>Most events committed in one transaction by the ingest writer.</summary>
    public int MaxBatchSize { get; set; } = 256;
}

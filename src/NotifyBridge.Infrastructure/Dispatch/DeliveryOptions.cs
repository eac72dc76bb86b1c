using NotifyBridge.Domain.Dispatch.Retry;

namespace NotifyBridge.Infrastructure.Dispatch;

/// <summary>Delivery worker settings (appsettings section "Delivery").</summary>
public sealed class DeliveryOptions
{
    public const string Section = "Delivery";

    /// <summary>Attempts (including the first) before a delivery is dead.</summary>
    public int MaxAttempts { get; set; } = 10;
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Deliveries held in memory (claimed, not yet written back) at most.</summary>
    public int MaxInFlight { get; set; } = 1000;

    /// <summary>Sends running at once across all targets.</summary>
    public int MaxConcurrentSends { get; set; } = 32;

    /// <summary>How long a claim is valid; an instance that died leaves its claims to others after this.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the worker looks for due deliveries when nothing wakes it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>One attempt may take this long before it counts as "no response".</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>On shutdown, sends already under way get this long to finish.</summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(10);

    public RetryBackoffOptions Backoff => new(RetryBaseDelay, RetryMaxDelay, MaxAttempts);
}

namespace NotifyBridge.Domain.Targets;

/// <summary>
/// A place to notify: a Telegram chat, a Discord webhook, a mailbox list, a Matrix room, an
/// outgoing webhook, or a broadcast group of those. <see cref="SettingsJson"/> holds the
/// per-type non-secret settings (<see cref="TargetSettings"/>); <see cref="SecretsProtected"/>
/// holds the encrypted <see cref="TargetSecrets"/> (webhook URLs, passwords, tokens), never plain text.
/// </summary>
public sealed class NotificationTarget
{
    public const int MaxNameLength = 100;

    public long Id { get; set; }
    public required string OwnerId { get; set; }
    public required string Name { get; set; }
    public TargetType Type { get; set; }
    public string SettingsJson { get; set; } = "{}";
    public string? SecretsProtected { get; set; }

    /// <summary>The bot that sends for a Telegram target.</summary>
    public long? TelegramBotId { get; set; }
    public bool Enabled { get; set; } = true;

    /// <summary>Circuit breaker state, kept on the row so a restart remembers a failing target.</summary>
    public int ConsecutiveFailures { get; set; }
    public DateTime? CircuitOpenUntil { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

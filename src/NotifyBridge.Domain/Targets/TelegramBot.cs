namespace NotifyBridge.Domain.Targets;

/// <summary>
/// A Telegram bot NotifyBridge sends through. The token is validated with getMe before it is
/// stored (encrypted). A later issue extends bots with chats and commands.
/// </summary>
public sealed class TelegramBot
{
    public const string DefaultApiBaseUrl = "https://api.telegram.org";

    public long Id { get; set; }
    public required string OwnerId { get; set; }
    public required string Name { get; set; }

    /// <summary>The bot's @username as getMe reported it.</summary>
    public string? Username { get; set; }

    /// <summary>The bot's own Telegram user id (the number before the colon in the token).</summary>
    public long TelegramUserId { get; set; }
    public required string TokenProtected { get; set; }

    /// <summary>A self-hosted Bot API server; null uses <see cref="DefaultApiBaseUrl"/>.</summary>
    public string? ApiBaseUrl { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

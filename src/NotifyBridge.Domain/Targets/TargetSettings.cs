using System.Text.Json;
using System.Text.Json.Serialization;

namespace NotifyBridge.Domain.Targets;

/// <summary>Per-type, non-secret target settings, stored as JSON in <see cref="NotificationTarget.SettingsJson"/>.</summary>
public abstract record TargetSettings
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public static TargetSettings Read(TargetType type, string? json)
    {
        json = string.IsNullOrWhiteSpace(json) ? "{}" : json;
        return type switch
        {
            TargetType.Telegram => JsonSerializer.Deserialize<TelegramTargetSettings>(json, Json)!,
            TargetType.Discord => JsonSerializer.Deserialize<DiscordTargetSettings>(json, Json)!,
            TargetType.Email => JsonSerializer.Deserialize<EmailTargetSettings>(json, Json)!,
            TargetType.Matrix => JsonSerializer.Deserialize<MatrixTargetSettings>(json, Json)!,
            TargetType.Webhook => JsonSerializer.Deserialize<WebhookTargetSettings>(json, Json)!,
            TargetType.Broadcast => JsonSerializer.Deserialize<BroadcastTargetSettings>(json, Json)!,
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown target type."),
        };
    }

    public static string Write(TargetSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return JsonSerializer.Serialize(settings, settings.GetType(), Json);
    }
}

/// <summary>A Telegram chat reached through <see cref="NotificationTarget.TelegramBotId"/>.</summary>
/// <param name="ChatId">Numeric chat id (groups are negative) or @channelusername.</param>
/// <param name="MessageThreadId">Forum topic to post in; null for the main thread.</param>
/// <param name="Silent">Sends without a notification sound (disable_notification).</param>
public sealed record TelegramTargetSettings(string ChatId = "", int? MessageThreadId = null, bool Silent = false, bool DisableLinkPreview = true) : TargetSettings
{
    /// <summary>Group and supergroup ids are negative; channels by @name count as groups for rate limits.</summary>
    [JsonIgnore]
    public bool IsGroupChat => ChatId.StartsWith('-') || ChatId.StartsWith('@');
}

/// <summary>A Discord webhook (its URL is a secret: <see cref="TargetSecrets.WebhookUrl"/>).</summary>
public sealed record DiscordTargetSettings(string? Username = null, string? AvatarUrl = null) : TargetSettings;

public enum SmtpSecurity
{
    /// <summary>STARTTLS when the server offers it (MailKit's Auto).</summary>
    Auto = 0,
    None,
    StartTls,
    SslOnConnect,
}

/// <summary>An SMTP account and recipients (the password is <see cref="TargetSecrets.Password"/>).</summary>
public sealed record EmailTargetSettings(
    string Host = "",
    int Port = 587,
    SmtpSecurity Security = SmtpSecurity.StartTls,
    string? UserName = null,
    string From = "",
    IReadOnlyList<string>? To = null) : TargetSettings
{
    [JsonIgnore]
    public IReadOnlyList<string> Recipients => To ?? [];
}

/// <summary>A Matrix room (the access token is <see cref="TargetSecrets.AccessToken"/>).</summary>
public sealed record MatrixTargetSettings(string HomeserverUrl = "", string RoomId = "") : TargetSettings;

/// <summary>
/// An outgoing webhook. <see cref="BodyTemplate"/> is a Liquid template producing the JSON body;
/// null sends NotifyBridge's default event payload. Headers and the signing secret are secrets.
/// </summary>
public sealed record WebhookTargetSettings(string Url = "", string Method = "POST", string? BodyTemplate = null) : TargetSettings;

/// <summary>A broadcast's members live in <see cref="BroadcastMember"/> rows; nothing else to set.</summary>
public sealed record BroadcastTargetSettings : TargetSettings;

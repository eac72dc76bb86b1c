using System.Net.Mail;
using System.Text.RegularExpressions;
using NotifyBridge.Domain.Targets;
using NotifyBridge.Infrastructure.Notifiers.Email;
using NotifyBridge.Infrastructure.Notifiers.Webhook;

namespace NotifyBridge.Infrastructure.Targets;

/// <summary>
/// Per-type checks of a target's settings and (merged) secrets at save time, so a typo is a
/// field error in the dialog rather than a dead delivery later. Pure: no database, no network.
/// Keys name the input field (ChatId, WebhookUrl, Host, ...).
/// </summary>
public static partial class TargetSettingsValidator
{
    public const int MaxRecipients = 50;
    public const int MaxHeaders = 20;
    public const int MaxBodyTemplateLength = 20_000;

    public static Dictionary<string, string> Validate(TargetType type, TargetSettings settings, TargetSecrets secrets)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(secrets);
        var errors = new Dictionary<string, string>();
        switch (settings)
        {
            case TelegramTargetSettings telegram when type == TargetType.Telegram:
                ValidateTelegram(telegram, errors);
                break;
            case DiscordTargetSettings discord when type == TargetType.Discord:
                ValidateDiscord(discord, secrets, errors);
                break;
            case EmailTargetSettings email when type == TargetType.Email:
                ValidateEmail(email, secrets, errors);
                break;
            case MatrixTargetSettings matrix when type == TargetType.Matrix:
                ValidateMatrix(matrix, secrets, errors);
                break;
            case WebhookTargetSettings webhook when type == TargetType.Webhook:
                ValidateWebhook(webhook, secrets, errors);
                break;
            case BroadcastTargetSettings when type == TargetType.Broadcast:
                break;
            default:
                errors["Settings"] = $"These settings are not {type} settings.";
                break;
        }
        return errors;
    }

    /// <summary>A numeric chat id (groups and channels are negative) or a public @channelname.</summary>
    public static bool IsTelegramChatId(string? chatId) =>
        chatId is not null && (NumericChatId().IsMatch(chatId) || ChannelUsername().IsMatch(chatId));

    /// <summary>
    /// An http(s) URL whose path ends in a Discord webhook: [/api[/vN]]/webhooks/&lt;id&gt;/&lt;token&gt;. Any host,
    /// so canary/ptb hosts and a local fake work (the same rule as the Discord notifier's DiscordWebhookUrl).
    /// </summary>
    public static bool IsDiscordWebhookUrl(string? url) =>
        IsHttpUrl(url, out var uri) && uri.UserInfo.Length == 0 && DiscordWebhookPath().IsMatch(uri.AbsolutePath);

    /// <summary>
    /// A room id (!opaque:server, or !opaque from room version 12 on) or an alias (#name:server);
    /// the server may carry a port.
    /// </summary>
    public static bool IsMatrixRoom(string? room) => room is not null && (MatrixRoomId().IsMatch(room) || MatrixAlias().IsMatch(room));

    public static bool IsHttpUrl(string? value, out Uri uri)
    {
        uri = null!;
        return !string.IsNullOrWhiteSpace(value)
            && Uri.TryCreate(value.Trim(), UriKind.Absolute, out uri!)
            && uri.Scheme is "http" or "https"
            && uri.Host.Length > 0;
    }

    public static bool IsEmailAddress(string? value) =>
        !string.IsNullOrWhiteSpace(value)
        && MailAddress.TryCreate(value.Trim(), out var address)
        && address.Host.Length > 0
        && MimeKit.MailboxAddress.TryParse(value.Trim(), out _);

    private static void ValidateTelegram(TelegramTargetSettings settings, Dictionary<string, string> errors)
    {
        if (!IsTelegramChatId(settings.ChatId?.Trim()))
            errors["ChatId"] = "Chat id must be a number (groups and channels start with -100…) or a public @channelname.";
        if (settings.MessageThreadId is <= 0)
            errors["MessageThreadId"] = "Topic id must be a positive number, or empty for the main thread.";
    }

    private static void ValidateDiscord(DiscordTargetSettings settings, TargetSecrets secrets, Dictionary<string, string> errors)
    {
        if (secrets.WebhookUrl is null)
            errors["WebhookUrl"] = "A Discord webhook URL is required (channel settings → Integrations → Webhooks → Copy URL).";
        else if (!IsDiscordWebhookUrl(secrets.WebhookUrl))
            errors["WebhookUrl"] = "A Discord webhook URL looks like https://discord.com/api/webhooks/<id>/<token>.";
        if (settings.Username is { Length: > 80 })
            errors["Username"] = "A Discord username override is at most 80 characters.";
        if (!string.IsNullOrWhiteSpace(settings.AvatarUrl) && !IsHttpUrl(settings.AvatarUrl, out _))
            errors["AvatarUrl"] = "Avatar URL must be an absolute http(s) URL.";
    }

    private static void ValidateEmail(EmailTargetSettings settings, TargetSecrets secrets, Dictionary<string, string> errors)
    {
        if (string.IsNullOrWhiteSpace(settings.Host) || Uri.CheckHostName(settings.Host.Trim()) == UriHostNameType.Unknown)
            errors["Host"] = "SMTP host must be a host name or IP address, such as smtp.example.org.";
        if (settings.Port is < 1 or > 65535)
            errors["Port"] = "SMTP port must be between 1 and 65535 (usually 587 for STARTTLS, 465 for SSL).";
        if (!Enum.IsDefined(settings.Security))
            errors["Security"] = "Unknown connection security.";
        if (!IsEmailAddress(settings.From))
            errors["From"] = "From must be an email address, such as notify@example.org or \"NotifyBridge <notify@example.org>\".";
        var recipients = settings.Recipients;
        if (recipients.Count == 0)
            errors["To"] = "Add at least one recipient.";
        else if (recipients.Count > MaxRecipients)
            errors["To"] = $"At most {MaxRecipients} recipients.";
        else if (recipients.FirstOrDefault(r => !IsEmailAddress(r)) is { } bad)
            errors["To"] = $"\"{bad}\" is not an email address.";
        if (!string.IsNullOrWhiteSpace(settings.UserName) && secrets.Password is null)
            errors["Password"] = "A password is needed when a user name is set.";
        // The email notifier's own check as the last word, so what saves is what sends.
        if (errors.Count == 0 && EmailMessageBuilder.Validate(settings) is { } refused) errors["Settings"] = refused;
    }

    private static void ValidateMatrix(MatrixTargetSettings settings, TargetSecrets secrets, Dictionary<string, string> errors)
    {
        if (!IsHttpUrl(settings.HomeserverUrl, out var homeserver) || homeserver.Query.Length > 0 || homeserver.UserInfo.Length > 0)
            errors["HomeserverUrl"] = "Homeserver URL must be an absolute http(s) URL, such as https://matrix.example.org.";
        if (!IsMatrixRoom(settings.RoomId?.Trim()))
            errors["RoomId"] = "Room must be a room id (!abc123:example.org) or an alias (#room:example.org).";
        if (secrets.AccessToken is null)
            errors["AccessToken"] = "An access token of the sending Matrix user is required.";
    }

    private static void ValidateWebhook(WebhookTargetSettings settings, TargetSecrets secrets, Dictionary<string, string> errors)
    {
        if (!IsHttpUrl(settings.Url, out _))
            errors["Url"] = "URL must be an absolute http(s) URL.";
        if (settings.Method?.Trim().ToUpperInvariant() is not ("POST" or "PUT" or "PATCH"))
            errors["Method"] = "Method must be POST, PUT or PATCH.";
        if (settings.BodyTemplate is { Length: > 0 } template)
        {
            if (template.Length > MaxBodyTemplateLength)
                errors["BodyTemplate"] = $"The body template is at most {MaxBodyTemplateLength:N0} characters.";
            else if (!LiquidJsonRenderer.TryParse(template, out var error))
                errors["BodyTemplate"] = error!;
        }
        if (secrets.Headers is { } headers)
        {
            // The webhook notifier's own rules, so what saves is what sends.
            if (headers.Count > MaxHeaders) errors["Headers"] = $"At most {MaxHeaders} headers.";
            else if (WebhookHeaders.Validate(headers) is { Count: > 0 } problems) errors["Headers"] = string.Join(" ", problems);
        }
        if (secrets.SigningSecret is { Length: < 16 })
            errors["SigningSecret"] = "A signing secret must be at least 16 characters.";
    }

    [GeneratedRegex(@"^-?[0-9]{1,20}$", RegexOptions.CultureInvariant)]
    private static partial Regex NumericChatId();

    [GeneratedRegex(@"^@[A-Za-z][A-Za-z0-9_]{3,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex ChannelUsername();

    [GeneratedRegex(@"/webhooks/[0-9]{1,20}/[A-Za-z0-9_\-.]+/?$", RegexOptions.CultureInvariant)]
    private static partial Regex DiscordWebhookPath();

    [GeneratedRegex(@"^![^:\s]+(:([A-Za-z0-9.\-]+|\[[0-9A-Fa-f:.]+\])(:[0-9]{1,5})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex MatrixRoomId();

    [GeneratedRegex(@"^#[^:\s]+:([A-Za-z0-9.\-]+|\[[0-9A-Fa-f:.]+\])(:[0-9]{1,5})?$", RegexOptions.CultureInvariant)]
    private static partial Regex MatrixAlias();
}

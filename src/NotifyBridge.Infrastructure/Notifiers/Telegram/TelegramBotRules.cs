using System.Globalization;
using System.Text.RegularExpressions;
using Telegram.Bot.Types;

namespace NotifyBridge.Infrastructure.Notifiers.Telegram;

/// <summary>
/// What a bot token, a Bot API base URL and a chat id must look like before we call Telegram, so
/// a typo is reported as such (and never sent anywhere) instead of as a confusing 404 or 401.
/// </summary>
public static partial class TelegramBotRules
{
    /// <summary>Telegram's own server; a null or blank base URL means this one.</summary>
    public const string DefaultApiBaseUrl = "https://api.telegram.org";

    // BotFather tokens are "<bot id>:<35 characters>"; we accept 30 or more to stay lenient
    // about a format Telegram does not promise, but refuse anything that is clearly not a token.
    [GeneratedRegex("^[0-9]{1,16}:[A-Za-z0-9_-]{30,}$")]
    private static partial Regex TokenShape();

    /// <summary>Null when <paramref name="token"/> looks like a bot token, else why not.</summary>
    public static string? TokenError(string? token)
    {
        if (string.IsNullOrWhiteSpace(token)) return "The bot token is empty.";
        return TokenShape().IsMatch(token)
            ? null
            : "This is not a Telegram bot token: a token looks like 123456789:AAE... (the bot id, a colon, then 30 or more letters, digits, '_' or '-').";
    }

    /// <summary>Null when <paramref name="apiBaseUrl"/> is blank (Telegram's server) or an absolute http(s) URL of a server root.</summary>
    public static string? ApiBaseUrlError(string? apiBaseUrl)
    {
        if (string.IsNullOrWhiteSpace(apiBaseUrl)) return null;
        if (!Uri.TryCreate(apiBaseUrl.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
            return $"'{apiBaseUrl}' is not a Bot API base URL: use an absolute http:// or https:// URL such as {DefaultApiBaseUrl}.";
        // Telegram.Bot keeps only scheme, host and port, so a path would be silently dropped.
        if (uri.AbsolutePath != "/" || uri.Query.Length > 0)
            return $"'{apiBaseUrl}' has a path or query; a Bot API server is addressed by its root only (e.g. http://localhost:8081).";
        return null;
    }

    /// <summary>The base URL to give Telegram.Bot: null for Telegram's own server.</summary>
    public static string? NormalizeApiBaseUrl(string? apiBaseUrl) =>
        string.IsNullOrWhiteSpace(apiBaseUrl) ? null : apiBaseUrl.Trim().TrimEnd('/');

    /// <summary>A numeric chat id (groups and channels are negative) or a public @channelusername.</summary>
    public static bool TryParseChatId(string? value, out ChatId chatId, out string error)
    {
        chatId = null!;
        error = "";
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            error = "The target has no Telegram chat id.";
            return false;
        }
        if (long.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id))
        {
            chatId = new ChatId(id);
            return true;
        }
        if (trimmed.Length > 1 && trimmed[0] == '@')
        {
            chatId = new ChatId(trimmed);
            return true;
        }
        error = $"'{trimmed}' is not a Telegram chat id: use the numeric id (groups start with -) or a channel's @username.";
        return false;
    }
}

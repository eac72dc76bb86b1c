using System.Globalization;
using NotifyBridge.Infrastructure.Net;
using Telegram.Bot;
using Telegram.Bot.Exceptions;

namespace NotifyBridge.Infrastructure.Notifiers.Telegram;

/// <summary>The outcome of checking a bot token with getMe.</summary>
public sealed record TelegramBotCheck(bool Ok, long? BotId = null, string? Username = null, string? FirstName = null, string? Error = null)
{
    public static TelegramBotCheck Valid(long botId, string? username, string firstName) => new(true, botId, username, firstName);

    public static TelegramBotCheck Invalid(string error) => new(false, Error: error);
}

/// <summary>
/// Checks a bot token (and optional self-hosted Bot API base URL) before an admin saves the bot:
/// a malformed token or URL is refused without any call; otherwise getMe says who the bot is or
/// why not, in words the admin can act on.
/// </summary>
public sealed class TelegramBotValidator(TelegramBotClients clients)
{
    public async Task<TelegramBotCheck> ValidateAsync(string token, string? apiBaseUrl, CancellationToken cancellationToken)
    {
        token = token?.Trim() ?? "";
        if ((TelegramBotRules.TokenError(token) ?? TelegramBotRules.ApiBaseUrlError(apiBaseUrl)) is { } invalid) return TelegramBotCheck.Invalid(invalid);

        var server = TelegramBotRules.NormalizeApiBaseUrl(apiBaseUrl) ?? TelegramBotRules.DefaultApiBaseUrl;
        try
        {
            var me = await clients.Create(token, apiBaseUrl).GetMe(cancellationToken).ConfigureAwait(false);
            return TelegramBotCheck.Valid(me.Id, me.Username, me.FirstName);
        }
        catch (ApiRequestException ex) when (ex.ErrorCode == 401)
        {
            return TelegramBotCheck.Invalid("The bot token was rejected by Telegram (401 Unauthorized).");
        }
        catch (ApiRequestException ex) when (ex.ErrorCode == 404)
        {
            return TelegramBotCheck.Invalid(string.Create(CultureInfo.InvariantCulture,
                $"{server} answered 404 ({ex.Message}): the token is not one Telegram knows, or {server} is not a Bot API server."));
        }
        catch (Exception ex) when (TelegramErrors.IsUpstream(ex) && !cancellationToken.IsCancellationRequested)
        {
            var result = TelegramErrors.ToSendResult(ex, token);
            var answer = result.HttpStatus is { } status ? string.Create(CultureInfo.InvariantCulture, $" ({status})") : "";
            return TelegramBotCheck.Invalid($"{server}{answer}: {result.Error}");
        }
    }
}

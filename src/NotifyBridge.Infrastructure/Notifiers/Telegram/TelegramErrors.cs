using System.Globalization;
using NotifyBridge.Domain.Dispatch.Retry;
using NotifyBridge.Domain.Notifications;
using NotifyBridge.Infrastructure.Net;
using Telegram.Bot.Exceptions;

namespace NotifyBridge.Infrastructure.Notifiers.Telegram;

/// <summary>
/// Classifies what Telegram.Bot threw into a <see cref="SendResult"/>. Telegram answers
/// <c>{ok:false, error_code, description, parameters}</c> with the HTTP status equal to error_code;
/// Telegram.Bot turns that into <see cref="ApiRequestException"/> (Message = description) and
/// everything else (no connection, timeout, a body that is not the Bot API's) into
/// <see cref="RequestException"/>.
/// </summary>
public static class TelegramErrors
{
    /// <summary>True for the exceptions <see cref="ToSendResult"/> understands (never for cancellation).</summary>
    public static bool IsUpstream(Exception exception) => exception is RequestException or HttpRequestException;

    /// <param name="token">Scrubbed from every message: error texts are shown in the UI and stored.</param>
    public static SendResult ToSendResult(Exception exception, string? token)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var result = exception switch
        {
            ApiRequestException api => FromApiError(api),
            _ when Find<OutboundRequestRefusedException>(exception) is { } refused => SendResult.Permanent(refused.Message),
            RequestException { HttpStatusCode: { } status } => FromUnreadableAnswer((int)status),
            RequestException { InnerException: TaskCanceledException } => SendResult.NoResponse(
                string.Create(CultureInfo.InvariantCulture, $"The Bot API did not answer within {OutboundHttp.RequestTimeout.TotalSeconds:0} s.")),
            _ => SendResult.NoResponse("Could not reach the Bot API: " + TransportMessage(exception)),
        };
        return string.IsNullOrEmpty(token) || result.Error is null ? result : result with { Error = result.Error.Replace(token, "<token>", StringComparison.Ordinal) };
    }

    private static SendResult FromApiError(ApiRequestException api)
    {
        var description = api.Message;
        if (api.Parameters?.MigrateToChatId is { } newChatId)
        {
            return SendResult.Permanent(string.Create(CultureInfo.InvariantCulture,
                $"{description} (the group is now the supergroup {newChatId}: change this target's chat id to {newChatId})"), api.ErrorCode);
        }
        if (api.ErrorCode == 429)
        {
            var hint = api.Parameters?.RetryAfter is { } seconds ? RetryHint.FromTelegramSeconds(seconds) : null;
            return SendResult.Failed(429, description, hint?.Delay);
        }
        return api.ErrorCode > 0
            ? SendResult.Failed(api.ErrorCode, description)
            : SendResult.Permanent(description);
    }

    /// <summary>An HTTP answer whose body is not a Bot API response (a proxy's error page, a wrong base URL).</summary>
    private static SendResult FromUnreadableAnswer(int status)
    {
        var error = string.Create(CultureInfo.InvariantCulture, $"The Bot API answered HTTP {status} with a body that is not a Bot API response; check the API base URL.");
        // A 2xx without a readable result may or may not have been delivered: retry rather than call it a success.
        return status is >= 200 and <= 299
            ? new SendResult(DeliveryOutcome.Transient, status, error)
            : SendResult.Failed(status, error);
    }

    private static string TransportMessage(Exception exception) =>
        (Find<HttpRequestException>(exception) ?? exception.InnerException ?? exception).Message;

    private static T? Find<T>(Exception? exception) where T : Exception
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is T match) return match;
        }
        return null;
    }
}

using NotifyBridge.Infrastructure.Notifiers.Telegram;

namespace NotifyBridge.Infrastructure.Targets;

/// <summary>
/// Asks Telegram who a bot token belongs to (getMe), so a token is validated before it is
/// stored. An interface so tests can answer without a Bot API server.
/// </summary>
public interface ITelegramBotCheck
{
    /// <param name="apiBaseUrl">The Bot API server, <see cref="Domain.Targets.TelegramBot.DefaultApiBaseUrl"/> unless self-hosted.</param>
    Task<TelegramBotCheckResult> CheckAsync(string token, string apiBaseUrl, CancellationToken cancellationToken);
}

/// <summary>getMe's answer: the bot's @username and user id, or the exact error to show.</summary>
public sealed record TelegramBotCheckResult(bool Ok, string? Username, long? Id, string? Error)
{
    public static TelegramBotCheckResult Valid(string? username, long id) => new(true, username, id, null);

    public static TelegramBotCheckResult Invalid(string error) => new(false, null, null, error);
}

/// <summary>The real check: the Telegram notifier's getMe validator (same clients, base URL rules and error wording).</summary>
internal sealed class TelegramBotValidatorCheck(TelegramBotValidator validator) : ITelegramBotCheck
{
    public async Task<TelegramBotCheckResult> CheckAsync(string token, string apiBaseUrl, CancellationToken cancellationToken)
    {
        var answer = await validator.ValidateAsync(token, apiBaseUrl, cancellationToken).ConfigureAwait(false);
        return answer is { Ok: true, BotId: { } id }
            ? TelegramBotCheckResult.Valid(answer.Username, id)
            : TelegramBotCheckResult.Invalid(answer.Error ?? "Telegram refused the token.");
    }
}

namespace NotifyBridge.Infrastructure.Targets;

/// <summary>
/// Asks Telegram who a bot token belongs to (getMe), so a token is validated before it is
/// stored. The Telegram notifier's validator implements it; see
/// <see cref="TargetAdministrationRegistration"/> for the stand-in used until it is wired.
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

/// <summary>Refuses every token with a clear message: registered only while no real check is.</summary>
internal sealed class UnavailableTelegramBotCheck : ITelegramBotCheck
{
    public Task<TelegramBotCheckResult> CheckAsync(string token, string apiBaseUrl, CancellationToken cancellationToken) =>
        Task.FromResult(TelegramBotCheckResult.Invalid("Telegram bot validation is not available in this build."));
}

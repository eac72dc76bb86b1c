using NotifyBridge.Infrastructure.Net;
using Telegram.Bot;

namespace NotifyBridge.Infrastructure.Notifiers.Telegram;

/// <summary>
/// Telegram.Bot clients over the outbound HTTP client (network policy, timeouts), for Telegram's
/// server or a self-hosted Bot API server. Clients are cheap: one per send, never cached with a token.
/// </summary>
public sealed class TelegramBotClients(IHttpClientFactory httpClients)
{
    /// <summary>Call <see cref="TelegramBotRules.TokenError"/> and <see cref="TelegramBotRules.ApiBaseUrlError"/> first.</summary>
    public ITelegramBotClient Create(string token, string? apiBaseUrl)
    {
        var options = new TelegramBotClientOptions(token, TelegramBotRules.NormalizeApiBaseUrl(apiBaseUrl))
        {
            // Telegram.Bot would wait out a 429 itself (up to 60 s, 3 times) inside our send; the
            // delivery worker owns retries and rate limits, so every 429 comes straight back to us.
            RetryThreshold = 0,
            RetryCount = 0,
        };
        return new TelegramBotClient(options, httpClients.CreateClient(OutboundHttp.ClientName));
    }
}

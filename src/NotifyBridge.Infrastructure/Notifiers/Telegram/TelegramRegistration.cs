using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NotifyBridge.Domain.Notifications;

namespace NotifyBridge.Infrastructure.Notifiers.Telegram;

public static class TelegramRegistration
{
    /// <summary>
    /// Registers the Telegram notifier (an INotifier) and what it needs, once: calling it again
    /// (a test adding it to the app's container) must not register a second Telegram INotifier,
    /// which <see cref="NotifierRegistry"/> would refuse.
    /// </summary>
    public static IServiceCollection AddTelegramNotifier(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(TelegramNotifier))) return services;
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

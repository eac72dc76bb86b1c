using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NotifyBridge.Infrastructure.Deliveries;
using NotifyBridge.Infrastructure.Links;

namespace NotifyBridge.Infrastructure.Targets;

public static class TargetAdministrationRegistration
{
    /// <summary>The admin side of notifications: targets, Telegram bots, "Send test", links and deliveries.</summary>
    public static IServiceCollection AddTargetAdministration(this IServiceCollection services)
    {
        services.AddSingleton<TargetService>();
        services.AddSingleton<TelegramBotService>();
        services.AddSingleton<TargetTester>();
        // Stand-in until the Telegram notifier's getMe validator is registered as ITelegramBotCheck
        // (a later AddSingleton wins; an earlier one makes this a no-op).
        services.TryAddSingleton<ITelegramBotCheck, UnavailableTelegramBotCheck>();
        services.AddLinkAdministration();
        services.AddDeliveryAdministration();
        return services;
    }
}

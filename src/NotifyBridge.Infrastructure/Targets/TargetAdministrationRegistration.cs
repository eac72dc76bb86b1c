using Microsoft.Extensions.DependencyInjection;
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
        // TelegramBotValidator comes with the Telegram notifier (AddDispatch registers it).
        services.AddSingleton<ITelegramBotCheck, TelegramBotValidatorCheck>();
        services.AddLinkAdministration();
        services.AddDeliveryAdministration();
        return services;
    }
}

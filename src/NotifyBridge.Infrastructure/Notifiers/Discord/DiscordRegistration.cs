using Microsoft.Extensions.DependencyInjection;
using NotifyBridge.Domain.Notifications;

namespace NotifyBridge.Infrastructure.Notifiers.Discord;

public static class DiscordRegistration
{
    /// <summary>Registers the Discord notifier (an INotifier) and what it needs.</summary>
    public static IServiceCollection AddDiscordNotifier(this IServiceCollection services)
    {
        services.AddSingleton<INotifier, DiscordNotifier>();
        return services;
    }
}

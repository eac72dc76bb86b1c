using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NotifyBridge.Domain.Notifications;

namespace NotifyBridge.Infrastructure.Notifiers.Discord;

public static class DiscordRegistration
{
    /// <summary>
    /// Registers the Discord notifier (an INotifier), once: a second call must not register a second
    /// Discord INotifier, which <see cref="NotifierRegistry"/> would refuse. It sends through the
    /// "outbound" HTTP client, which the infrastructure registers.
    /// </summary>
    public static IServiceCollection AddDiscordNotifier(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(DiscordNotifier))) return services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DiscordNotifier>();
        services.AddSingleton<INotifier>(sp => sp.GetRequiredService<DiscordNotifier>());
        return services;
    }
}

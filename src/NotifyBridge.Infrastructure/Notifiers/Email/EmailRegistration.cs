using Microsoft.Extensions.DependencyInjection;

namespace NotifyBridge.Infrastructure.Notifiers.Email;

public static class EmailRegistration
{
    /// <summary>Registers the Email notifier (an INotifier) and what it needs.</summary>
    public static IServiceCollection AddEmailNotifier(this IServiceCollection services)
    {
        return services;
    }
}

using Microsoft.Extensions.DependencyInjection;
using NotifyBridge.Domain.Notifications;
using NotifyBridge.Infrastructure.Settings;

namespace NotifyBridge.Infrastructure.Notifiers.Email;

public static class EmailRegistration
{
    /// <summary>Registers the Email notifier (an INotifier) and what it needs.</summary>
    public static IServiceCollection AddEmailNotifier(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            // The policy is read per send (AppSettingsService caches it), so a tightened policy
            // applies to the next email at once.
            var settings = sp.GetRequiredService<AppSettingsService>();
            return new EmailNotifier(async ct => (await settings.GetAsync(ct).ConfigureAwait(false)).OutboundNetworkPolicy);
        });
        services.AddSingleton<INotifier>(sp => sp.GetRequiredService<EmailNotifier>());
        return services;
    }
}

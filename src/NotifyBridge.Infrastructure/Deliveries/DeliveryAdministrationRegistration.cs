using Microsoft.Extensions.DependencyInjection;

namespace NotifyBridge.Infrastructure.Deliveries;

public static class DeliveryAdministrationRegistration
{
    /// <summary>The Deliveries page's queries and "Redeliver".</summary>
    public static IServiceCollection AddDeliveryAdministration(this IServiceCollection services)
    {
        services.AddSingleton<DeliveryQuery>();
        services.AddSingleton<DeliveryRedelivery>();
        return services;
    }
}

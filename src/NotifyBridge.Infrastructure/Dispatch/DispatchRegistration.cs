using Microsoft.Extensions.DependencyInjection;
using NotifyBridge.Infrastructure.Notifiers;
using NotifyBridge.Infrastructure.Targets;

namespace NotifyBridge.Infrastructure.Dispatch;

public static class DispatchRegistration
{
    /// <summary>Dispatch planning, the delivery worker's parts, notifiers and target resolution.</summary>
    public static IServiceCollection AddDispatch(this IServiceCollection services)
    {
        services.AddSingleton<DeliverySignal>();
        services.AddSingleton<NotifierTargetResolver>();
        NotifierRegistry.AddNotifiers(services);
        return services;
    }
}

using Microsoft.Extensions.DependencyInjection;
using NotifyBridge.Domain.Deliveries;
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
        services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section)
            .Validate(o => o.MaxAttempts >= 1 && o.MaxInFlight >= 1 && o.MaxConcurrentSends >= 1 && o.LeaseDuration > TimeSpan.Zero && o.PollInterval > TimeSpan.Zero,
                "Delivery settings must be positive.")
            .ValidateOnStart();
        services.AddSingleton<LinkSnapshotCache>();
        services.AddSingleton<DispatchPlanner>();
        services.AddSingleton<IDeliveryStream, InProcessDeliveryStream>();
        services.AddSingleton<RateShaper>();
        services.AddSingleton<DeliveryStore>();
        services.AddSingleton<DeliveryPreparer>();
        services.AddSingleton<DeliveryCompletionWriter>();
        services.AddSingleton<DeliveryWorker>();
        services.AddSingleton<DeferredDispatchDrain>();
        services.AddRetentionPolicy<Retention.DeliveryRetentionPolicy>();
        services.AddRetentionPolicy<Retention.DeferredDispatchRetentionPolicy>();
        NotifierRegistry.AddNotifiers(services);
        return services;
    }

    /// <summary>The delivery worker runs in the long-running server only.</summary>
    public static IServiceCollection AddDeliveryWorker(this IServiceCollection services) =>
        services.AddHostedService(sp => sp.GetRequiredService<DeliveryWorker>());
}

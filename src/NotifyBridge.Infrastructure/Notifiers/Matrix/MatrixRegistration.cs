using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NotifyBridge.Domain.Notifications;

namespace NotifyBridge.Infrastructure.Notifiers.Matrix;

public static class MatrixRegistration
{
    /// <summary>
    /// Registers the Matrix notifier (an INotifier), once: a second call must not register a second
    /// Matrix INotifier, which <see cref="NotifierRegistry"/> would refuse. It sends through the
    /// "outbound" HTTP client, which the infrastructure registers.
    /// </summary>
    public static IServiceCollection AddMatrixNotifier(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(MatrixNotifier))) return services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<MatrixNotifier>();
        services.AddSingleton<INotifier>(sp => sp.GetRequiredService<MatrixNotifier>());
        return services;
    }
}

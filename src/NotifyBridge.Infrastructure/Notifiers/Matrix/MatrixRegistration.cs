using Microsoft.Extensions.DependencyInjection;
using NotifyBridge.Domain.Notifications;

namespace NotifyBridge.Infrastructure.Notifiers.Matrix;

public static class MatrixRegistration
{
    /// <summary>Registers the Matrix notifier (an INotifier) and what it needs.</summary>
    public static IServiceCollection AddMatrixNotifier(this IServiceCollection services)
    {
        services.AddSingleton<INotifier, MatrixNotifier>();
        return services;
    }
}

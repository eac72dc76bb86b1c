using Microsoft.Extensions.DependencyInjection;

namespace NotifyBridge.Infrastructure.Links;

public static class LinkAdministrationRegistration
{
    /// <summary>Link administration and the change notification the dispatch planner listens to.</summary>
    public static IServiceCollection AddLinkAdministration(this IServiceCollection services)
    {
        services.AddSingleton<LinkConfigurationChanged>();
        services.AddSingleton<LinkService>();
        return services;
    }
}

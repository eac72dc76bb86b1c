using Microsoft.Extensions.DependencyInjection;
using NotifyBridge.Infrastructure.Dispatch;

namespace NotifyBridge.Infrastructure.Links;

public static class LinkAdministrationRegistration
{
    /// <summary>Link administration and the change notification the dispatch planner listens to.</summary>
    public static IServiceCollection AddLinkAdministration(this IServiceCollection services)
    {
        // The planner's link snapshot is dropped on every link or target change made here, so
        // a saved link applies to the next event instead of after the snapshot's maximum age.
        services.AddSingleton(sp =>
        {
            var changed = new LinkConfigurationChanged();
            if (sp.GetService<LinkSnapshotCache>() is { } snapshot) changed.Changed += snapshot.Invalidate;
            return changed;
        });
        services.AddSingleton<LinkService>();
        return services;
    }
}

using Coravel;
using Coravel.Scheduling.Schedule.Interfaces;
using Microsoft.Extensions.DependencyInjection;

namespace NotifyBridge.Infrastructure.Jobs;

/// <summary>Every scheduled job in one place. Jobs are thin: each calls a service tested on its own.</summary>
public static class JobSchedule
{
    public static IServiceCollection AddJobs(this IServiceCollection services)
    {
        services.AddScheduler();
        services.AddTransient<RunRetentionJob>();
        services.AddTransient<DrainDeferredDispatchJob>();
        return services;
    }

    public static void Configure(IScheduler scheduler)
    {
        scheduler.Schedule<RunRetentionJob>().EveryFiveMinutes().PreventOverlapping(nameof(RunRetentionJob));
        // Every 5 s: burst windows (e.g. 60 s) and quiet-hour ends fire within seconds of their time.
        scheduler.Schedule<DrainDeferredDispatchJob>().EveryFiveSeconds().PreventOverlapping(nameof(DrainDeferredDispatchJob));
    }
}

using Coravel;
using NotifyBridge.Infrastructure.Jobs;
using NotifyBridge.Web.Components;
using NotifyBridge.Web.Endpoints;

namespace NotifyBridge.Web.Startup;

internal static class PipelineConfiguration
{
    public static WebApplication UseNotifyBridgePipeline(this WebApplication app)
    {
        // API callers get RFC 7807 problem details; people get a friendly page, never a stack trace.
        app.UseWhen(ctx => ctx.Request.Path.StartsWithSegments("/api"),
            api => api.UseExceptionHandler());
        app.UseWhen(ctx => !ctx.Request.Path.StartsWithSegments("/api"),
            web => web.UseExceptionHandler("/error", createScopeForErrors: true));
        app.UseStatusCodePages(async context =>
        {
            if (context.HttpContext.Request.Path.StartsWithSegments("/api"))
            {
                var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context.HttpContext }).ConfigureAwait(false);
            }
        });

        app.UseMiddleware<ReadinessGateMiddleware>();
        app.UseMiddleware<FirstRunRedirectMiddleware>();
        // Explicit, and after the exception handlers: a handler inside UseWhen re-executes
        // /error through the rest of the pipeline only, and without routing there the
        // error page's endpoint is never matched (the handler then fails with a 404).
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapNotifyBridgeEndpoints(this WebApplication app)
    {
        app.Services.UseScheduler(JobSchedule.Configure);
        app.MapStaticAssets();
        app.MapProbeEndpoints();
        app.MapOpenApi();
        app.MapAccountEndpoints();
        app.MapWebhookEndpoints();
        app.MapApiV1();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}

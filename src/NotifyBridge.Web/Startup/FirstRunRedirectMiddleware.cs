using NotifyBridge.Infrastructure.Identity;

namespace NotifyBridge.Web.Startup;

/// <summary>On a fresh instance (no users yet) every page leads to <c>/setup</c>.</summary>
internal sealed class FirstRunRedirectMiddleware(RequestDelegate next, FirstRunSetup setup)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        var isPageRequest = HttpMethods.IsGet(context.Request.Method)
            && !path.StartsWithSegments("/setup") && !path.StartsWithSegments("/api")
            && !path.StartsWithSegments("/_framework") && !path.StartsWithSegments("/_content")
            && !path.StartsWithSegments("/_blazor") && !path.StartsWithSegments("/openapi")
            && !path.StartsWithSegments("/error") && !Path.HasExtension(path.Value);
        if (isPageRequest && await setup.IsRequiredAsync(context.RequestAborted).ConfigureAwait(false))
        {
            context.Response.Redirect("/setup");
            return;
        }
        await next(context).ConfigureAwait(false);
    }
}

using NotifyBridge.Infrastructure.Persistence;

namespace NotifyBridge.Web.Startup;

/// <summary>
/// Until the database is migrated and answering, everything but the probes and static
/// files answers 503 with Retry-After, so nobody sees a half-initialised app.
/// </summary>
internal sealed class ReadinessGateMiddleware(RequestDelegate next, DatabaseReadiness readiness)
{
    private const string StartingPage = """
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="3">
        <meta name="viewport" content="width=device-width, initial-scale=1"><title>NotifyBridge is starting</title>
        <style>body{font-family:system-ui,sans-serif;display:grid;place-items:center;height:100vh;margin:0;color:#333}</style></head>
        <body><main><h1>NotifyBridge is starting…</h1><p>Preparing the database. This page reloads by itself.</p></main></body></html>
        """;

    public async Task InvokeAsync(HttpContext context)
    {
        if (readiness.IsReady || IsAlwaysAvailable(context.Request.Path))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "3";
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            await Results.Problem(statusCode: 503, title: "Starting up",
                detail: readiness.State == ReadinessState.Failed
                    ? $"Database start-up failed: {readiness.FailureReason}"
                    : "The database is being prepared; retry shortly.").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(StartingPage).ConfigureAwait(false);
    }

    // Static files may be served early (the starting page has none, but a cached tab asks);
    // nothing under /api except the probes, even when the path looks like a file.
    private static bool IsAlwaysAvailable(PathString path) =>
        path.StartsWithSegments("/api/health") || path.StartsWithSegments("/api/ready")
        || (!path.StartsWithSegments("/api") && (path.StartsWithSegments("/_content")
            || path.StartsWithSegments("/_framework") || Path.HasExtension(path.Value)));
}

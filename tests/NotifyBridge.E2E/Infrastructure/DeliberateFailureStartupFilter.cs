using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace NotifyBridge.E2E.Infrastructure;

/// <summary>
/// Test-only: <c>GET /e2e/throw</c> and <c>GET /api/e2e/throw</c> throw, so the journey can
/// prove that an unhandled error ends on the friendly error page (people) or in problem
/// details (API), with status 500 and a log entry.
/// </summary>
internal sealed class DeliberateFailureStartupFilter : IStartupFilter
{
    public const string Marker = "E2E deliberate failure";
    public const string PagePath = "/e2e/throw";
    public const string ApiPath = "/api/e2e/throw";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        next(app);
        // Appended after the app's whole pipeline: reached only by requests that matched no
        // endpoint, and still inside the app's exception handlers.
        app.Use((HttpContext context, RequestDelegate rest) =>
            context.Request.Path.Value is PagePath or ApiPath
                ? throw new InvalidOperationException(Marker)
                : rest(context));
    };
}

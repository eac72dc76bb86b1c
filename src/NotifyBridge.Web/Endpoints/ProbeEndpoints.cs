using Microsoft.EntityFrameworkCore;
using NotifyBridge.Infrastructure.Persistence;

namespace NotifyBridge.Web.Endpoints;

/// <summary>
/// Liveness (<c>/api/health</c>: the process answers, no database) and readiness
/// (<c>/api/ready</c>: migrations applied and the database answers a query).
/// </summary>
internal static class ProbeEndpoints
{
    public static void MapProbeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/health", () => TypedResults.Ok(new ProbeStatus("alive")))
            .WithTags("Probes").WithSummary("Liveness: the process is up (does not touch the database).")
            .AllowAnonymous();

        app.MapGet("/api/ready", async (DatabaseReadiness readiness, IDbContextFactory<NotifyBridgeDbContext> contexts, CancellationToken ct) =>
            {
                if (!readiness.IsReady)
                    return Results.Json(new ProbeStatus(readiness.State.ToString().ToLowerInvariant(), readiness.FailureReason), statusCode: 503);
                try
                {
                    await using var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
                    await db.AppSettings.AsNoTracking().AnyAsync(ct).ConfigureAwait(false);
                    return Results.Json(new ProbeStatus("ready"));
                }
#pragma warning disable CA1031 // a probe reports failure, it does not throw
                catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
                {
                    return Results.Json(new ProbeStatus("database-unavailable", ex.Message), statusCode: 503);
                }
            })
            .WithTags("Probes").WithSummary("Readiness: 503 until migrations are applied and the database answers.")
            .AllowAnonymous();
    }

    internal sealed record ProbeStatus(string Status, string? Detail = null);
}

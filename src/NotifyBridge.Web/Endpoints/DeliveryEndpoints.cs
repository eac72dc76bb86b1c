using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using NotifyBridge.Domain.Deliveries;
using NotifyBridge.Infrastructure.Deliveries;
using NotifyBridge.Web.Auth;

namespace NotifyBridge.Web.Endpoints;

/// <summary><c>/api/v1/deliveries</c>: where each message stands, newest first, and "redeliver" for dead ones.</summary>
internal static class DeliveryEndpoints
{
    public static RouteGroupBuilder MapDeliveryEndpoints(this RouteGroupBuilder v1)
    {
        var deliveries = v1.MapGroup("/deliveries").WithTags("Deliveries");

        deliveries.MapGet("/", async Task<Results<Ok<DeliveryListResponse>, ValidationProblem>> (
                ClaimsPrincipal user, DeliveryQuery query, CancellationToken ct,
                string? status = null, long? targetId = null, long? eventId = null, long? before = null, int limit = 50) =>
            {
                var errors = new Dictionary<string, string[]>();
                DeliveryStatus parsed = default;
                if (status is not null && !ApiNames.TryParse(status, out parsed))
                    errors["status"] = [$"status must be one of: {string.Join(", ", ApiNames.All<DeliveryStatus>())}."];
                if (limit is < 1 or > DeliveryQuery.MaxPageSize) errors["limit"] = [$"limit must be 1 to {DeliveryQuery.MaxPageSize}."];
                if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
                var filter = new DeliveryFilter(status is null ? null : parsed, targetId, eventId);
                var page = await query.PageAsync(user.UserId(), filter, before, limit, ct).ConfigureAwait(false);
                return TypedResults.Ok(new DeliveryListResponse([.. page.Rows.Select(DeliveryResponse.From)], page.NextBefore));
            })
            .WithSummary("Deliveries, newest first, filtered by status, target or event; page with the returned nextBefore as 'before'.");

        deliveries.MapGet("/counts", async (ClaimsPrincipal user, DeliveryQuery query, CancellationToken ct) =>
            TypedResults.Ok((await query.CountsAsync(user.UserId(), ct).ConfigureAwait(false)).ToDictionary(c => ApiNames.Of(c.Key), c => c.Value)))
            .WithSummary("How many deliveries are in each status.");

        deliveries.MapPost("/{id:long}/redeliver", async Task<Results<Ok<RedeliverResponse>, NotFound, ProblemHttpResult>> (long id, ClaimsPrincipal user, DeliveryRedelivery redelivery, CancellationToken ct) =>
                await redelivery.RedeliverAsync(user.UserId(), id, ct).ConfigureAwait(false) switch
                {
                    RedeliverOutcome.Redelivered => TypedResults.Ok(new RedeliverResponse(1)),
                    RedeliverOutcome.NotFound => TypedResults.NotFound(),
                    _ => TypedResults.Problem(new ProblemDetails
                    {
                        Status = StatusCodes.Status409Conflict,
                        Title = "Only dead or cancelled deliveries can be redelivered.",
                        Detail = "This delivery is pending, being sent, or already delivered.",
                    }),
                })
            .WithSummary("Send a dead or cancelled delivery again (attempts reset, due now).");

        deliveries.MapPost("/redeliver-dead", async Task<Results<Ok<RedeliverResponse>, NotFound>> (long targetId, ClaimsPrincipal user, DeliveryRedelivery redelivery, CancellationToken ct) =>
                await redelivery.RedeliverDeadForTargetAsync(user.UserId(), targetId, ct).ConfigureAwait(false) is { } count
                    ? TypedResults.Ok(new RedeliverResponse(count))
                    : TypedResults.NotFound())
            .WithSummary("Send every dead delivery of one target again (?targetId=).");
        return v1;
    }

    public sealed record DeliveryListResponse(IReadOnlyList<DeliveryResponse> Items, long? NextBefore);

    public sealed record RedeliverResponse(int Redelivered);

    public sealed record DeliveryResponse(long Id, long? EventId, long? DeferredDispatchId, string Subject, long TargetId, string Target, string TargetType,
        string Status, int Attempts, string? LastError, int? LastHttpStatus, DateTime NextAttemptAt, DateTime CreatedAt, DateTime UpdatedAt, DateTime? DeliveredAt)
    {
        public static DeliveryResponse From(DeliveryRow d) => new(d.Id, d.EventId, d.DeferredDispatchId, d.Subject, d.TargetId, d.TargetName,
            ApiNames.Of(d.TargetType), ApiNames.Of(d.Status), d.Attempts, d.LastError, d.LastHttpStatus, d.NextAttemptAt, d.CreatedAt, d.UpdatedAt, d.DeliveredAt);
    }
}

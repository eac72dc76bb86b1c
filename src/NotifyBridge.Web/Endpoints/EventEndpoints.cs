using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using NotifyBridge.Infrastructure.Events;
using NotifyBridge.Web.Auth;

namespace NotifyBridge.Web.Endpoints;

/// <summary><c>/api/v1/events</c>: the dashboard's filters and keyset paging, for automation and tests.</summary>
internal static class EventEndpoints
{
    public static void MapEventEndpoints(this RouteGroupBuilder v1)
    {
        var events = v1.MapGroup("/events").WithTags("Events");

        events.MapGet("/", async Task<Results<Ok<EventListResponse>, ValidationProblem>> (
                ClaimsPrincipal user, EventLogQuery query, CancellationToken ct,
                string? type = null, long? provider = null, long? tracker = null, DateTime? from = null, DateTime? to = null,
                string? q = null, string? sort = null, long? before = null, long? after = null, int limit = 50) =>
            {
                var errors = new Dictionary<string, string[]>();
                if (limit is < 1 or > EventLogQuery.MaxPageSize) errors["limit"] = [$"limit must be 1 to {EventLogQuery.MaxPageSize}."];
                if (sort is not (null or "newest" or "oldest")) errors["sort"] = ["sort must be 'newest' or 'oldest'."];
                var oldestFirst = sort == "oldest";
                if (oldestFirst && before is not null) errors["before"] = ["Use 'after' to page when sort=oldest."];
                if (!oldestFirst && after is not null) errors["after"] = ["Use 'before' to page when sort=newest."];
                if (from is not null && to is not null && from >= to) errors["to"] = ["'to' must be after 'from'."];
                if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

                var filter = new EventFilter(type, provider, tracker, Utc(from), Utc(to), q, oldestFirst);
                var page = await query.PageAsync(user.UserId(), filter, oldestFirst ? after : before, limit, ct).ConfigureAwait(false);
                return TypedResults.Ok(new EventListResponse(page.Items, page.NextCursor));
            })
            .WithSummary("Events, newest first (or sort=oldest), filtered; page with the returned nextCursor as 'before' (or 'after' when sort=oldest).");

        events.MapGet("/{id:long}", async Task<Results<Ok<EventDetailResponse>, NotFound>> (long id, ClaimsPrincipal user, EventLogQuery query, CancellationToken ct) =>
            await query.GetAsync(user.UserId(), id, ct).ConfigureAwait(false) is { } e
                ? TypedResults.Ok(new EventDetailResponse(e.Id, e.CreatedAt, e.EventType, e.ProviderId, e.ProviderName, e.TrackerId,
                    e.CollectionId, e.CollectionName, e.Title, e.Summary, e.Url, e.Actor, e.AssetsCount, e.Severity.ToString(),
                    e.DispatchStatus.ToString(), JsonDocument.Parse(e.DetailsJson).RootElement.Clone()))
                : TypedResults.NotFound())
            .WithSummary("One event with its details.");

        events.MapGet("/counts", async (ClaimsPrincipal user, EventLogQuery query, CancellationToken ct) =>
            TypedResults.Ok(await query.ProviderCountsAsync(user.UserId(), ct).ConfigureAwait(false)))
            .WithSummary("Events per provider (maintained counters).");
    }

    private static DateTime? Utc(DateTime? value) => value is { } v
        ? v.Kind switch { DateTimeKind.Utc => v, DateTimeKind.Local => v.ToUniversalTime(), _ => DateTime.SpecifyKind(v, DateTimeKind.Utc) }
        : null;

    public sealed record EventListResponse(IReadOnlyList<EventRow> Items, long? NextCursor);

    public sealed record EventDetailResponse(long Id, DateTime CreatedAt, string EventType, long? ProviderId, string ProviderName, long? TrackerId,
        string? CollectionId, string? CollectionName, string Title, string Summary, string? Url, string? Actor, int AssetsCount,
        string Severity, string DispatchStatus, JsonElement Details);
}

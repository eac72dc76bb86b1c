using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using NotifyBridge.Domain.Dispatch.QuietHours;
using NotifyBridge.Domain.Events;
using NotifyBridge.Domain.Links;
using NotifyBridge.Infrastructure.Links;
using NotifyBridge.Web.Auth;

namespace NotifyBridge.Web.Endpoints;

/// <summary><c>/api/v1/links</c>: which provider's events go to which target, filtered, shaped and timed.</summary>
internal static class LinkEndpoints
{
    public static RouteGroupBuilder MapLinkEndpoints(this RouteGroupBuilder v1)
    {
        var links = v1.MapGroup("/links").WithTags("Links");

        links.MapGet("/", async (ClaimsPrincipal user, LinkService service, CancellationToken ct) =>
            TypedResults.Ok((await service.ListAsync(user.UserId(), ct).ConfigureAwait(false)).Select(LinkResponse.From)))
            .WithSummary("List your links.");

        links.MapGet("/{id:long}", async Task<Results<Ok<LinkResponse>, NotFound>> (long id, ClaimsPrincipal user, LinkService service, CancellationToken ct) =>
            await service.GetAsync(user.UserId(), id, ct).ConfigureAwait(false) is { } l ? TypedResults.Ok(LinkResponse.From(l)) : TypedResults.NotFound())
            .WithSummary("One link.");

        links.MapPost("/", async Task<Results<Created<LinkResponse>, ValidationProblem>> (LinkRequest body, ClaimsPrincipal user, LinkService service, CancellationToken ct) =>
            {
                if (body.ToInput(out var input) is { } invalid) return invalid;
                try
                {
                    var created = await service.CreateAsync(user.UserId(), input, ct).ConfigureAwait(false);
                    return TypedResults.Created($"/api/v1/links/{created.Id}", LinkResponse.From(created));
                }
                catch (LinkValidationException ex)
                {
                    return Problem(ex);
                }
            })
            .WithSummary("Link a provider to a target. Empty `eventTypes` lets every type through; `quietHours` null means never quiet.");

        links.MapPut("/{id:long}", async Task<Results<Ok<LinkResponse>, NotFound, ValidationProblem>> (long id, LinkRequest body, ClaimsPrincipal user, LinkService service, CancellationToken ct) =>
            {
                if (body.ToInput(out var input) is { } invalid) return invalid;
                try
                {
                    var updated = await service.UpdateAsync(user.UserId(), id, input, ct).ConfigureAwait(false);
                    return updated is null ? TypedResults.NotFound() : TypedResults.Ok(LinkResponse.From(updated));
                }
                catch (LinkValidationException ex)
                {
                    return Problem(ex);
                }
            })
            .WithSummary("Replace a link's settings.");

        links.MapDelete("/{id:long}", async Task<Results<NoContent, NotFound>> (long id, ClaimsPrincipal user, LinkService service, CancellationToken ct) =>
            await service.DeleteAsync(user.UserId(), id, ct).ConfigureAwait(false) ? TypedResults.NoContent() : TypedResults.NotFound())
            .WithSummary("Delete a link (its past deliveries stay).");
        return v1;
    }

    private static ValidationProblem Problem(LinkValidationException ex) =>
        TypedResults.ValidationProblem(ex.Errors.ToDictionary(e => e.Key, e => new[] { e.Value }));

    /// <param name="Start">Local time "HH:mm" in the app's time zone.</param>
    /// <param name="Days">Days a quiet period starts on ("monday" or "mon"); null means every day.</param>
    /// <param name="NonDeferrable">"drop" or "deliver": what happens to events that cannot wait.</param>
    public sealed record QuietHoursRequest(string? Start, string? End, IReadOnlyList<string>? Days, string? NonDeferrable, string? BypassSeverity, bool? SummaryMode);

    public sealed record LinkRequest(string? Name, long? ProviderId, long? TargetId, IReadOnlyList<string>? EventTypes, string? MinSeverity,
        LinkDisplayOptions? Display, string? Locale, QuietHoursRequest? QuietHours, int? BurstWindowSeconds, bool? Enabled)
    {
        public ValidationProblem? ToInput(out LinkInput input)
        {
            input = null!;
            var errors = new Dictionary<string, string[]>();
            if (TargetId is null) errors["targetId"] = ["targetId is required."];
            var minSeverity = Severity(MinSeverity, "minSeverity", errors);
            var quiet = QuietHours;
            var start = Time(quiet?.Start, "quietHours.start", errors);
            var end = Time(quiet?.End, "quietHours.end", errors);
            var bypass = Severity(quiet?.BypassSeverity, "quietHours.bypassSeverity", errors);
            var nonDeferrable = NonDeferrableBehaviour.Drop;
            if (quiet?.NonDeferrable is { } nd && !ApiNames.TryParse(nd, out nonDeferrable))
                errors["quietHours.nonDeferrable"] = ["nonDeferrable must be 'drop' or 'deliver'."];
            var mask = LinkService.EveryDay;
            if (quiet?.Days is { } days)
            {
                mask = 0;
                foreach (var day in days)
                {
                    if (ParseDay(day) is { } d) mask |= 1 << (int)d;
                    else errors["quietHours.days"] = [$"\"{day}\" is not a day of the week."];
                }
            }
            if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
            input = new LinkInput(ProviderId, TargetId!.Value, EventTypes ?? [], minSeverity, Display ?? LinkDisplayOptions.Default, Locale,
                start, end, mask, nonDeferrable, bypass, quiet?.SummaryMode ?? false, BurstWindowSeconds ?? 0, Enabled ?? true, Name);
            return null;
        }

        private static EventSeverity? Severity(string? text, string field, Dictionary<string, string[]> errors)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            if (ApiNames.TryParse<EventSeverity>(text, out var severity)) return severity;
            errors[field] = [$"Severity must be one of: {string.Join(", ", ApiNames.All<EventSeverity>())}."];
            return null;
        }

        private static TimeOnly? Time(string? text, string field, Dictionary<string, string[]> errors)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            if (TimeOnly.TryParseExact(text.Trim(), ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)) return time;
            errors[field] = ["Times are \"HH:mm\" (24-hour)."];
            return null;
        }

        private static DayOfWeek? ParseDay(string? text) => Enum.GetValues<DayOfWeek>().Cast<DayOfWeek?>()
            .FirstOrDefault(d => text is { Length: >= 3 } t && d!.Value.ToString().StartsWith(t.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    public sealed record QuietHoursResponse(string Start, string End, IReadOnlyList<string> Days, string NonDeferrable, string? BypassSeverity, bool SummaryMode);

    public sealed record LinkResponse(long Id, string? Name, long? ProviderId, string? Provider, long TargetId, string Target, string TargetType,
        IReadOnlyList<string> EventTypes, string? MinSeverity, LinkDisplayOptions Display, string? Locale, QuietHoursResponse? QuietHours,
        int BurstWindowSeconds, bool Enabled, DateTime CreatedAt, DateTime UpdatedAt)
    {
        public static LinkResponse From(LinkView l) => new(
            l.Id, l.Name, l.ProviderId, l.ProviderName, l.TargetId, l.TargetName, ApiNames.Of(l.TargetType), l.EventTypes, ApiNames.Of(l.MinSeverity),
            l.Display, l.Locale,
            l is { QuietStart: { } start, QuietEnd: { } end }
                ? new QuietHoursResponse(start.ToString("HH:mm", CultureInfo.InvariantCulture), end.ToString("HH:mm", CultureInfo.InvariantCulture),
                    [.. Enum.GetValues<DayOfWeek>().Where(d => (l.QuietDaysMask & (1 << (int)d)) != 0).Select(d => ApiNames.Of(d))],
                    ApiNames.Of(l.NonDeferrable), ApiNames.Of(l.BypassSeverity), l.SummaryMode)
                : null,
            l.BurstWindowSeconds, l.Enabled, l.CreatedAt, l.UpdatedAt);
    }
}

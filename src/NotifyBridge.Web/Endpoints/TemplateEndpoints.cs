using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using NotifyBridge.Infrastructure.Events;
using NotifyBridge.Infrastructure.Templates;
using NotifyBridge.Web.Auth;

namespace NotifyBridge.Web.Endpoints;

/// <summary>
/// <c>/api/v1/templates</c>: the message templates, one per event type (or special name) and
/// locale. Templates apply to the whole instance, so only admins may read or change them.
/// </summary>
internal static class TemplateEndpoints
{
    public static void MapTemplateEndpoints(this RouteGroupBuilder v1)
    {
        var templates = v1.MapGroup("/templates").WithTags("Templates").RequireAuthorization(Policies.Admin);

        templates.MapGet("/", async (TemplateService service, CancellationToken ct) =>
            TypedResults.Ok((await service.ListAsync(ct).ConfigureAwait(false))
                .Select(t => new TemplateSummaryResponse(t.Name, t.DisplayName, t.Locale, t.IsDefault, t.Version, t.UpdatedAt))))
            .WithSummary("Every template name × locale, with whether the built-in default is in force and the custom version.");

        templates.MapGet("/{eventType}/{locale}", async Task<Results<Ok<TemplateResponse>, ValidationProblem>> (string eventType, string locale, TemplateService service, CancellationToken ct) =>
            {
                try
                {
                    return TypedResults.Ok(TemplateResponse.From(await service.GetAsync(eventType, locale, ct).ConfigureAwait(false)));
                }
                catch (TemplateValidationException ex)
                {
                    return Problem(ex);
                }
            })
            .WithSummary("One template: the body in force and the built-in default.");

        templates.MapPut("/{eventType}/{locale}", async Task<Results<Ok<TemplateResponse>, ValidationProblem>> (string eventType, string locale, TemplateRequest request, TemplateService service, CancellationToken ct) =>
            {
                if (request.Body is null) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["body is required."] });
                try
                {
                    return TypedResults.Ok(TemplateResponse.From(await service.SaveAsync(eventType, locale, request.Body, ct).ConfigureAwait(false)));
                }
                catch (TemplateValidationException ex)
                {
                    return Problem(ex);
                }
            })
            .WithSummary("Save a custom template (its version grows by one). A body that does not parse, or fails on the sample event, is refused with the error and its line.");

        templates.MapDelete("/{eventType}/{locale}", async Task<Results<NoContent, ValidationProblem>> (string eventType, string locale, TemplateService service, CancellationToken ct) =>
            {
                try
                {
                    await service.ResetToDefaultAsync(eventType, locale, ct).ConfigureAwait(false);
                    return TypedResults.NoContent();
                }
                catch (TemplateValidationException ex)
                {
                    return Problem(ex);
                }
            })
            .WithSummary("Reset to the built-in default (deletes the custom template; succeeds when there is none).");

        templates.MapPost("/preview", async Task<Results<Ok<PreviewResponse>, ValidationProblem>> (PreviewRequest request, ClaimsPrincipal user,
                FluidMessageRenderer renderer, EventLogQuery events, CancellationToken ct) =>
            {
                var errors = new Dictionary<string, string[]>();
                if (request.Body is null) errors["body"] = ["body is required."];
                if (string.IsNullOrEmpty(request.EventType)) errors["eventType"] = ["eventType is required."];
                if (string.IsNullOrEmpty(request.Locale)) errors["locale"] = ["locale is required."];
                if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

                var entry = request.EventId is { } id ? await events.GetAsync(user.UserId(), id, ct).ConfigureAwait(false) : null;
                if (request.EventId is not null && entry is null)
                    return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["eventId"] = [$"Event {request.EventId} was not found."] });
                try
                {
                    var preview = await renderer.PreviewAsync(request.EventType!, request.Locale!, request.Body!, entry, ct).ConfigureAwait(false);
                    return preview.Error is { } error
                        ? Problem(error)
                        : TypedResults.Ok(new PreviewResponse(preview.Title!, preview.BodyHtml!, preview.BodyText!));
                }
                catch (TemplateValidationException ex)
                {
                    return Problem(ex);
                }
            })
            .WithSummary("Render an unsaved template against a sample (or one of your events): title, HTML and plain text, or 400 with the error and its line.");
    }

    private static ValidationProblem Problem(TemplateValidationException ex) =>
        ex.Error is { } error ? Problem(error) : TypedResults.ValidationProblem(ex.Errors.ToDictionary(e => e.Key, e => new[] { e.Value }));

    private static ValidationProblem Problem(TemplateError error) =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { ["body"] = [error.ToString()] },
            detail: error.ToString(),
            title: "The template is not valid.",
            extensions: new Dictionary<string, object?> { ["line"] = error.Line, ["column"] = error.Column });

    public sealed record TemplateRequest(string? Body);

    public sealed record PreviewRequest(string? Body, string? EventType, string? Locale, long? EventId);

    public sealed record PreviewResponse(string Title, string Html, string Text);

    public sealed record TemplateSummaryResponse(string EventType, string DisplayName, string Locale, bool IsDefault, int Version, DateTime? UpdatedAt);

    public sealed record TemplateResponse(string EventType, string DisplayName, string Locale, string Body, string DefaultBody, bool IsDefault, int Version, DateTime? UpdatedAt)
    {
        public static TemplateResponse From(TemplateView t) => new(t.Name, t.DisplayName, t.Locale, t.Body, t.DefaultBody, t.IsDefault, t.Version, t.UpdatedAt);
    }
}

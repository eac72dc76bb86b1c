using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using NotifyBridge.Domain.Providers;
using NotifyBridge.Infrastructure.Providers;
using NotifyBridge.Web.Auth;

namespace NotifyBridge.Web.Endpoints;

/// <summary><c>/api/v1/providers</c>: the caller's providers; a webhook provider's answer includes its URL.</summary>
internal static class ProviderEndpoints
{
    public static void MapProviderEndpoints(this RouteGroupBuilder v1)
    {
        var providers = v1.MapGroup("/providers").WithTags("Providers");

        providers.MapGet("/", async (ClaimsPrincipal user, ProviderService service, HttpContext http, CancellationToken ct) =>
            TypedResults.Ok((await service.ListAsync(user.UserId(), ct).ConfigureAwait(false)).Select(p => ProviderResponse.From(p, http.Request, null))))
            .WithSummary("List your providers.");

        providers.MapGet("/{id:long}", async Task<Results<Ok<ProviderResponse>, NotFound>> (long id, ClaimsPrincipal user, ProviderService service, HttpContext http, CancellationToken ct) =>
            await service.GetAsync(user.UserId(), id, ct).ConfigureAwait(false) is { } p
                ? TypedResults.Ok(ProviderResponse.From(p, http.Request, null))
                : TypedResults.NotFound())
            .WithSummary("One provider.");

        providers.MapPost("/", async Task<Results<Created<ProviderResponse>, ValidationProblem>> (ProviderRequest body, ClaimsPrincipal user, ProviderService service, HttpContext http, CancellationToken ct) =>
            {
                if (body.Validate() is { } invalid) return invalid;
                try
                {
                    var created = await service.CreateAsync(user.UserId(), body.ToInput(), ct).ConfigureAwait(false);
                    // The secret is returned once, on creation, so automation can configure the sender.
                    var secret = created.WebhookSlug is null ? null : await service.RevealWebhookSecretAsync(user.UserId(), created.Id, ct).ConfigureAwait(false);
                    return TypedResults.Created($"/api/v1/providers/{created.Id}", ProviderResponse.From(created, http.Request, secret));
                }
                catch (ProviderValidationException ex)
                {
                    return TypedResults.ValidationProblem(ex.Errors.ToDictionary(e => e.Key, e => new[] { e.Value }));
                }
            })
            .WithSummary("Create a provider. Webhook providers get a URL and, unless `webhookSecret` is given, a generated secret (returned once).");

        providers.MapPut("/{id:long}", async Task<Results<Ok<ProviderResponse>, NotFound, ValidationProblem>> (long id, ProviderRequest body, ClaimsPrincipal user, ProviderService service, HttpContext http, CancellationToken ct) =>
            {
                if (body.Validate() is { } invalid) return invalid;
                try
                {
                    var updated = await service.UpdateAsync(user.UserId(), id, body.ToInput(), ct).ConfigureAwait(false);
                    return updated is null ? TypedResults.NotFound() : TypedResults.Ok(ProviderResponse.From(updated, http.Request, null));
                }
                catch (ProviderValidationException ex)
                {
                    return TypedResults.ValidationProblem(ex.Errors.ToDictionary(e => e.Key, e => new[] { e.Value }));
                }
            })
            .WithSummary("Update a provider. Omit `webhookSecret`/`apiKey` to keep the stored ones.");

        providers.MapDelete("/{id:long}", async Task<Results<NoContent, NotFound>> (long id, ClaimsPrincipal user, ProviderService service, CancellationToken ct) =>
            await service.DeleteAsync(user.UserId(), id, ct).ConfigureAwait(false) ? TypedResults.NoContent() : TypedResults.NotFound())
            .WithSummary("Delete a provider (its events stay in the log).");
    }

    public sealed record ProviderRequest(string? Name, string? Type, string? BaseUrl, bool? Enabled, System.Text.Json.JsonElement? Settings, string? WebhookSecret, string? ApiKey)
    {
        public ValidationProblem? Validate()
        {
            var errors = new Dictionary<string, string[]>();
            if (string.IsNullOrWhiteSpace(Name)) errors["name"] = ["Name is required."];
            if (!TryParseType(Type, out _)) errors["type"] = [$"Type must be one of: {string.Join(", ", TypeNames.Keys)}."];
            return errors.Count == 0 ? null : TypedResults.ValidationProblem(errors);
        }

        public ProviderInput ToInput()
        {
            TryParseType(Type, out var type);
            return new ProviderInput(Name!, type, BaseUrl, Enabled ?? true,
                Settings is { ValueKind: not System.Text.Json.JsonValueKind.Undefined and not System.Text.Json.JsonValueKind.Null } s ? s.GetRawText() : null,
                WebhookSecret, ApiKey);
        }
    }

    public sealed record ProviderResponse(long Id, string Name, string Type, string? BaseUrl, bool Enabled, string? WebhookUrl,
        string? WebhookSecret, System.Text.Json.JsonElement Settings, long EventCount, DateTime? LastEventAt, DateTime CreatedAt, DateTime UpdatedAt)
    {
        public static ProviderResponse From(ProviderView p, HttpRequest request, string? secret) => new(
            p.Id, p.Name, TypeName(p.Type), p.BaseUrl, p.Enabled,
            p.WebhookSlug is null ? null : $"{request.Scheme}://{request.Host}{request.PathBase}/api/webhooks/{p.WebhookSlug}",
            secret, System.Text.Json.JsonDocument.Parse(p.SettingsJson).RootElement.Clone(),
            p.EventCount, p.LastEventAt, p.CreatedAt, p.UpdatedAt);
    }

    private static readonly Dictionary<string, ProviderType> TypeNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["immich"] = ProviderType.Immich,
        ["gitea"] = ProviderType.Gitea,
        ["home_assistant"] = ProviderType.HomeAssistant,
        ["generic_webhook"] = ProviderType.GenericWebhook,
    };

    private static bool TryParseType(string? value, out ProviderType type)
    {
        type = default;
        return value is not null && TypeNames.TryGetValue(value, out type);
    }

    private static string TypeName(ProviderType type) => TypeNames.First(t => t.Value == type).Key;
}

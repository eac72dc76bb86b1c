using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using NotifyBridge.Domain.Targets;
using NotifyBridge.Infrastructure.Targets;
using NotifyBridge.Web.Auth;

namespace NotifyBridge.Web.Endpoints;

/// <summary>
/// <c>/api/v1/targets</c>: the caller's targets. Secrets are write-only: answers say which are
/// set (<c>secrets.webhookUrl: true</c>), never their values; a PUT without a secret keeps it.
/// </summary>
internal static class TargetEndpoints
{
    public static RouteGroupBuilder MapTargetEndpoints(this RouteGroupBuilder v1)
    {
        var targets = v1.MapGroup("/targets").WithTags("Targets");

        targets.MapGet("/", async (ClaimsPrincipal user, TargetService service, TimeProvider clock, CancellationToken ct) =>
            TypedResults.Ok((await service.ListAsync(user.UserId(), ct).ConfigureAwait(false)).Select(t => TargetResponse.From(t, clock))))
            .WithSummary("List your targets.");

        targets.MapGet("/{id:long}", async Task<Results<Ok<TargetResponse>, NotFound>> (long id, ClaimsPrincipal user, TargetService service, TimeProvider clock, CancellationToken ct) =>
            await service.GetAsync(user.UserId(), id, ct).ConfigureAwait(false) is { } t ? TypedResults.Ok(TargetResponse.From(t, clock)) : TypedResults.NotFound())
            .WithSummary("One target.");

        targets.MapPost("/", async Task<Results<Created<TargetResponse>, ValidationProblem>> (TargetRequest body, ClaimsPrincipal user, TargetService service, TimeProvider clock, CancellationToken ct) =>
            {
                if (body.ToInput(out var input) is { } invalid) return invalid;
                try
                {
                    var created = await service.CreateAsync(user.UserId(), input, ct).ConfigureAwait(false);
                    return TypedResults.Created($"/api/v1/targets/{created.Id}", TargetResponse.From(created, clock));
                }
                catch (TargetValidationException ex)
                {
                    return Problem(ex);
                }
            })
            .WithSummary("Create a target. `type`: telegram, discord, email, matrix, webhook or broadcast; `settings` per type; `secrets` write-only.");

        targets.MapPut("/{id:long}", async Task<Results<Ok<TargetResponse>, NotFound, ValidationProblem>> (long id, TargetRequest body, ClaimsPrincipal user, TargetService service, TimeProvider clock, CancellationToken ct) =>
            {
                if (body.ToInput(out var input) is { } invalid) return invalid;
                try
                {
                    var updated = await service.UpdateAsync(user.UserId(), id, input, ct).ConfigureAwait(false);
                    return updated is null ? TypedResults.NotFound() : TypedResults.Ok(TargetResponse.From(updated, clock));
                }
                catch (TargetValidationException ex)
                {
                    return Problem(ex);
                }
            })
            .WithSummary("Update a target (its type cannot change). Omitted secrets are kept; an empty string removes an optional one.");

        targets.MapDelete("/{id:long}", async Task<Results<NoContent, NotFound>> (long id, ClaimsPrincipal user, TargetService service, CancellationToken ct) =>
            await service.DeleteAsync(user.UserId(), id, ct).ConfigureAwait(false) ? TypedResults.NoContent() : TypedResults.NotFound())
            .WithSummary("Delete a target with its links and deliveries.");

        targets.MapPost("/{id:long}/test", async Task<Results<Ok<TestResponse>, NotFound, ValidationProblem>> (long id, TargetRequest? body, ClaimsPrincipal user, TargetTester tester, CancellationToken ct) =>
            {
                try
                {
                    TargetTestResult? result;
                    if (body is null) result = await tester.SendTestAsync(user.UserId(), id, ct).ConfigureAwait(false);
                    else if (body.ToInput(out var input) is { } invalid) return invalid;
                    else result = await tester.SendTestAsync(user.UserId(), input, id, ct).ConfigureAwait(false);
                    return result is null ? TypedResults.NotFound() : TypedResults.Ok(TestResponse.From(result));
                }
                catch (TargetValidationException ex) when (ex.Errors.ContainsKey("Id"))
                {
                    return TypedResults.NotFound();
                }
                catch (TargetValidationException ex)
                {
                    return Problem(ex);
                }
            })
            .WithSummary("Send a test message to a saved target; with a body, to its unsaved edit (omitted secrets are the stored ones). Reports the exact upstream error.");

        targets.MapPost("/test", async Task<Results<Ok<TestResponse>, ValidationProblem>> (TargetRequest body, ClaimsPrincipal user, TargetTester tester, CancellationToken ct) =>
            {
                if (body.ToInput(out var input) is { } invalid) return invalid;
                try
                {
                    return TypedResults.Ok(TestResponse.From(await tester.SendTestAsync(user.UserId(), input, null, ct).ConfigureAwait(false)));
                }
                catch (TargetValidationException ex)
                {
                    return Problem(ex);
                }
            })
            .WithSummary("Send a test message to a target that is not saved yet.");
        return v1;
    }

    private static ValidationProblem Problem(TargetValidationException ex) =>
        TypedResults.ValidationProblem(ex.Errors.ToDictionary(e => e.Key, e => new[] { e.Value }));

    public sealed record SecretsRequest(string? WebhookUrl, string? Password, string? AccessToken, string? SigningSecret, Dictionary<string, string>? Headers);

    public sealed record TargetRequest(string? Name, string? Type, bool? Enabled, long? TelegramBotId, JsonElement? Settings, SecretsRequest? Secrets, IReadOnlyList<long>? Members)
    {
        public ValidationProblem? ToInput(out TargetInput input)
        {
            input = null!;
            var errors = new Dictionary<string, string[]>();
            if (string.IsNullOrWhiteSpace(Name)) errors["name"] = ["Name is required."];
            if (!ApiNames.TryParse<TargetType>(Type, out var type))
                errors["type"] = [$"Type must be one of: {string.Join(", ", ApiNames.All<TargetType>())}."];
            TargetSettings? settings = null;
            if (errors.Count == 0)
            {
                try
                {
                    var json = Settings is { ValueKind: JsonValueKind.Object } s ? s.GetRawText() : "{}";
                    settings = TargetSettings.Read(type, json);
                }
                catch (JsonException ex)
                {
                    errors["settings"] = [$"Settings do not fit a {ApiNames.Of(type)} target: {ex.Message}"];
                }
            }
            if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
            input = new TargetInput(Name!, type, settings!, Enabled ?? true, TelegramBotId,
                Secrets is { } x ? new TargetSecretsInput(x.WebhookUrl, x.Password, x.AccessToken, x.SigningSecret, x.Headers) : null,
                Members);
            return null;
        }
    }

    public sealed record SecretsSetResponse(bool WebhookUrl, bool Password, bool AccessToken, bool SigningSecret, IReadOnlyList<string> HeaderNames);

    public sealed record TargetResponse(long Id, string Name, string Type, bool Enabled, long? TelegramBotId, string? TelegramBot,
        JsonElement Settings, SecretsSetResponse Secrets, IReadOnlyList<long> Members, int ConsecutiveFailures, DateTime? CircuitOpenUntil,
        bool CircuitOpen, DateTime CreatedAt, DateTime UpdatedAt)
    {
        public static TargetResponse From(TargetView t, TimeProvider clock) => new(
            t.Id, t.Name, ApiNames.Of(t.Type), t.Enabled, t.TelegramBotId, t.TelegramBotName,
            JsonDocument.Parse(TargetSettings.Write(t.Settings)).RootElement.Clone(),
            new SecretsSetResponse(t.Secrets.WebhookUrl, t.Secrets.Password, t.Secrets.AccessToken, t.Secrets.SigningSecret, t.Secrets.HeaderNames),
            t.MemberIds, t.ConsecutiveFailures, t.CircuitOpenUntil, t.IsCircuitOpen(clock.GetUtcNow().UtcDateTime), t.CreatedAt, t.UpdatedAt);
    }

    public sealed record TestMemberResponse(long TargetId, string Name, string Type, bool Succeeded, string? Error, int? HttpStatus);

    public sealed record TestResponse(bool Succeeded, string? Error, int? HttpStatus, IReadOnlyList<TestMemberResponse> Members)
    {
        public static TestResponse From(TargetTestResult r) => new(r.Succeeded, r.Error, r.HttpStatus,
            [.. r.Members.Select(m => new TestMemberResponse(m.TargetId, m.Name, ApiNames.Of(m.Type), m.Succeeded, m.Error, m.HttpStatus))]);
    }
}

/// <summary>Enum values as the API spells them: lower snake case ("deferred_then_delivered"), parsed back the same way.</summary>
internal static class ApiNames
{
    public static string Of<T>(T value) where T : struct, Enum => Snake(value.ToString());

    public static string? Of<T>(T? value) where T : struct, Enum => value is { } v ? Of(v) : null;

    public static IEnumerable<string> All<T>() where T : struct, Enum => Enum.GetValues<T>().Select(v => Of(v));

    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(Of(candidate), text.Trim(), StringComparison.OrdinalIgnoreCase)
                || string.Equals(candidate.ToString(), text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }
        return false;
    }

    private static string Snake(string pascal)
    {
        var builder = new System.Text.StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (char.IsUpper(pascal[i]) && i > 0) builder.Append('_');
            builder.Append(char.ToLowerInvariant(pascal[i]));
        }
        return builder.ToString();
    }
}

using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using NotifyBridge.Infrastructure.Targets;
using NotifyBridge.Web.Auth;

namespace NotifyBridge.Web.Endpoints;

/// <summary><c>/api/v1/telegram-bots</c>: the caller's bots. A token is checked with getMe before it is stored, and never returned.</summary>
internal static class TelegramBotEndpoints
{
    public static RouteGroupBuilder MapTelegramBotEndpoints(this RouteGroupBuilder v1)
    {
        var bots = v1.MapGroup("/telegram-bots").WithTags("Telegram bots");

        bots.MapGet("/", async (ClaimsPrincipal user, TelegramBotService service, CancellationToken ct) =>
            TypedResults.Ok((await service.ListAsync(user.UserId(), ct).ConfigureAwait(false)).Select(BotResponse.From)))
            .WithSummary("List your Telegram bots.");

        bots.MapPost("/", async Task<Results<Created<BotResponse>, ValidationProblem>> (BotRequest body, ClaimsPrincipal user, TelegramBotService service, CancellationToken ct) =>
            {
                if (string.IsNullOrWhiteSpace(body.Token)) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["token"] = ["Token is required."] });
                try
                {
                    var bot = await service.AddAsync(user.UserId(), new TelegramBotInput(body.Token, body.Name, body.ApiBaseUrl), ct).ConfigureAwait(false);
                    return TypedResults.Created($"/api/v1/telegram-bots/{bot.Id}", BotResponse.From(bot));
                }
                catch (TargetValidationException ex)
                {
                    return TypedResults.ValidationProblem(ex.Errors.ToDictionary(e => e.Key, e => new[] { e.Value }));
                }
            })
            .WithSummary("Add a bot by its token (validated with getMe first; adding a known bot again replaces its token).");

        bots.MapDelete("/{id:long}", async Task<Results<NoContent, NotFound, ProblemHttpResult>> (long id, ClaimsPrincipal user, TelegramBotService service, CancellationToken ct) =>
            {
                var result = await service.DeleteAsync(user.UserId(), id, ct).ConfigureAwait(false);
                return result.Outcome switch
                {
                    BotDeleteOutcome.Deleted => TypedResults.NoContent(),
                    BotDeleteOutcome.NotFound => TypedResults.NotFound(),
                    _ => TypedResults.Problem(new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "The bot is in use.", Detail = result.Message }),
                };
            })
            .WithSummary("Delete a bot; refused (409) while targets use it.");
        return v1;
    }

    public sealed record BotRequest(string? Token, string? Name, string? ApiBaseUrl);

    public sealed record BotResponse(long Id, string Name, string? Username, long TelegramUserId, string? ApiBaseUrl, int TargetCount, DateTime CreatedAt)
    {
        public static BotResponse From(TelegramBotView b) => new(b.Id, b.Name, b.Username, b.TelegramUserId, b.ApiBaseUrl, b.TargetCount, b.CreatedAt);
    }
}

using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using NotifyBridge.Infrastructure.Identity;
using NotifyBridge.Web.Auth;

namespace NotifyBridge.Web.Endpoints;

/// <summary>The REST API root: <c>/api/v1</c>, personal API tokens only.</summary>
internal static class ApiV1Endpoints
{
    public static RouteGroupBuilder MapApiV1(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/api/v1").RequireAuthorization(Policies.Api).WithTags("Account");

        v1.MapGet("/me", async Task<Results<Ok<MeResponse>, NotFound>> (ClaimsPrincipal principal, UserManager<ApplicationUser> users) =>
            {
                var user = await users.FindByIdAsync(principal.UserId()).ConfigureAwait(false);
                if (user is null) return TypedResults.NotFound();
                var roles = await users.GetRolesAsync(user).ConfigureAwait(false);
                var tokenId = long.Parse(principal.FindFirstValue(ApiTokenAuthenticationHandler.TokenIdClaim)!, System.Globalization.CultureInfo.InvariantCulture);
                return TypedResults.Ok(new MeResponse(user.Id, user.Email ?? "", user.DisplayName, [.. roles], tokenId));
            })
            .WithSummary("Who the presented API token belongs to.");

        v1.MapProviderEndpoints();
        v1.MapEventEndpoints();
        v1.MapTemplateEndpoints();
        v1.MapTargetEndpoints().MapTelegramBotEndpoints().MapLinkEndpoints().MapDeliveryEndpoints();
        return v1;
    }

    public sealed record MeResponse(string Id, string Email, string? DisplayName, IReadOnlyList<string> Roles, long TokenId);
}

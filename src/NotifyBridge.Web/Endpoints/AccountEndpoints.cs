using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using NotifyBridge.Infrastructure.Identity;

namespace NotifyBridge.Web.Endpoints;

/// <summary>
/// Browser form posts for sign-in, sign-out and first-run setup. The forms are rendered by
/// static pages (Components/Account) and carry an antiforgery token, which minimal APIs
/// validate for every form-bound endpoint.
/// </summary>
internal static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account").ExcludeFromDescription();

        account.MapPost("/login", async ([FromForm] LoginForm form, SignInManager<ApplicationUser> signIn) =>
        {
            var returnUrl = SafeReturnUrl(form.ReturnUrl);
            if (string.IsNullOrWhiteSpace(form.Email) || string.IsNullOrEmpty(form.Password))
                return Back("missing", returnUrl);
            var result = await signIn.PasswordSignInAsync(form.Email.Trim(), form.Password, form.RememberMe, lockoutOnFailure: true).ConfigureAwait(false);
            if (result.Succeeded) return Results.LocalRedirect(returnUrl);
            return Back(result.IsLockedOut ? "locked" : result.IsNotAllowed ? "disabled" : "invalid", returnUrl);
        });

        account.MapPost("/logout", async (SignInManager<ApplicationUser> signIn) =>
        {
            await signIn.SignOutAsync().ConfigureAwait(false);
            return Results.LocalRedirect("/account/login");
        });

        app.MapPost("/setup", async ([FromForm] SetupForm form, FirstRunSetup setup, SignInManager<ApplicationUser> signIn, CancellationToken ct) =>
        {
            if (!await setup.IsRequiredAsync(ct).ConfigureAwait(false)) return Results.LocalRedirect("/account/login");
            if (form.Password != form.ConfirmPassword) return SetupError("The two passwords differ.");
            var (result, user) = await setup.CreateFirstAdminAsync(form.Email ?? "", form.Password ?? "", ct).ConfigureAwait(false);
            if (!result.Succeeded || user is null) return SetupError(result.ErrorText);
            await signIn.SignInAsync(user, isPersistent: true).ConfigureAwait(false);
            return Results.LocalRedirect("/");
        }).ExcludeFromDescription();
    }

    private static IResult Back(string error, string returnUrl) =>
        Results.LocalRedirect($"/account/login?error={error}&returnUrl={Uri.EscapeDataString(returnUrl)}");

    private static IResult SetupError(string message) =>
        Results.LocalRedirect($"/setup?error={Uri.EscapeDataString(message)}");

    private static string SafeReturnUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url : "/";

    internal sealed class LoginForm
    {
        public string? Email { get; set; }
        public string? Password { get; set; }
        public bool RememberMe { get; set; }
        public string? ReturnUrl { get; set; }
    }

    internal sealed class SetupForm
    {
        public string? Email { get; set; }
        public string? Password { get; set; }
        public string? ConfirmPassword { get; set; }
    }
}

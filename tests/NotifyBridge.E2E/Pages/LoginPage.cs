using Microsoft.Playwright;

namespace NotifyBridge.E2E.Pages;

/// <summary><c>/account/login</c>: a static server-rendered form posting to <c>/account/login</c>.</summary>
public sealed class LoginPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Sign in", Level = 1 });

    /// <summary>The alert shown after a failed attempt (wrong password, lockout, …).</summary>
    public ILocator Error => page.GetByTestId("login-error");

    public async Task GotoAsync() => await page.GotoAsync("/account/login");

    public async Task SignInAsync(string email, string password)
    {
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }
}

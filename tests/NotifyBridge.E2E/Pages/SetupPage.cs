using Microsoft.Playwright;

namespace NotifyBridge.E2E.Pages;

/// <summary><c>/setup</c>: the first-run form that creates the administrator (a static server-rendered form).</summary>
public sealed class SetupPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Welcome to NotifyBridge", Level = 1 });

    public ILocator Error => page.GetByTestId("setup-error");

    public async Task CreateAdminAsync(string email, string password)
    {
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(password);
        await page.Locator("#confirm").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create admin account" }).ClickAsync();
    }
}

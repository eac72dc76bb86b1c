using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace NotifyBridge.E2E.Pages;

/// <summary>
/// The signed-in frame around every interactive page: app bar (menu button, theme toggle,
/// account menu) and the navigation drawer.
/// </summary>
public sealed class ShellPage(IPage page)
{
    public ILocator Heading => page.Locator("h1");

    public ILocator MenuButton => page.GetByRole(AriaRole.Button, new() { Name = "Toggle navigation" });

    public ILocator ThemeToggle => page.GetByTestId("theme-toggle");

    public ILocator Drawer => page.Locator(".mud-drawer");

    public ILocator NavLink(string text) => Drawer.GetByRole(AriaRole.Link, new() { Name = text, Exact = true });

    /// <summary>
    /// Waits until the page shows <paramref name="heading"/> as its h1 AND the Blazor circuit
    /// has rendered it: the router's FocusOnNavigate moves focus to the h1 only from an
    /// interactive render, never in the prerendered HTML, so a focused h1 means clicks are handled.
    /// </summary>
    public async Task WaitForInteractivePageAsync(string heading)
    {
        await Expect(Heading).ToHaveTextAsync(heading);
        await page.WaitForFunctionAsync(
            "name => document.activeElement?.tagName === 'H1' && document.activeElement.textContent.trim() === name",
            heading);
    }

    /// <summary>Opens <paramref name="path"/> with a full page load and waits for the circuit.</summary>
    public async Task GotoAsync(string path, string heading)
    {
        await page.GotoAsync(path);
        await WaitForInteractivePageAsync(heading);
    }

    /// <summary>Follows a drawer link (client-side navigation over the circuit).</summary>
    public async Task NavigateAsync(string linkText, string heading)
    {
        await NavLink(linkText).ClickAsync();
        await WaitForInteractivePageAsync(heading);
    }

    public async Task OpenAccountMenuAsync() =>
        await page.Locator(".mud-appbar .mud-menu").GetByRole(AriaRole.Button).ClickAsync();

    /// <summary>Account menu → "Sign out" (a real form POST to <c>/account/logout</c>).</summary>
    public async Task SignOutAsync()
    {
        await OpenAccountMenuAsync();
        await page.GetByTestId("sign-out").ClickAsync();
    }

    public async Task ToggleThemeAsync() => await ThemeToggle.ClickAsync();

    /// <summary>The primary colour MudBlazor's theme provider currently applies (as <c>rgba(r,g,b,a)</c>).</summary>
    public async Task<string> PrimaryPaletteColourAsync() =>
        (await page.EvaluateAsync<string>("() => getComputedStyle(document.documentElement).getPropertyValue('--mud-palette-primary')")).Trim();

    /// <summary>The value of the <c>nb-theme</c> cookie, or null.</summary>
    public async Task<string?> ThemeCookieAsync() =>
        (await page.Context.CookiesAsync()).FirstOrDefault(c => c.Name == "nb-theme")?.Value;
}

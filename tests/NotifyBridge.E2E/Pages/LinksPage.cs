using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace NotifyBridge.E2E.Pages;

/// <summary><c>/links</c>: which provider's events go to which target.</summary>
public sealed class LinksPage(IPage page)
{
    public const string Title = "Links";

    /// <summary>The table row of the link from <paramref name="provider"/> to <paramref name="target"/> (link-row marks its first cell).</summary>
    public ILocator Row(string provider, string target) => page.Locator("tr").Filter(new()
    {
        Has = page.GetByTestId("link-row").Filter(new() { HasText = provider }).Filter(new() { HasText = target }),
    });

    /// <summary>The row's Enabled switch (MudSwitch puts the data-testid on its checkbox input).</summary>
    public ILocator EnabledSwitch(string provider, string target) =>
        Row(provider, target).Locator("input[data-testid=link-toggle], [data-testid=link-toggle] input");

    public ILocator Dialog => page.Locator(".mud-dialog").Filter(new() { Has = page.GetByTestId("save-link") });

    /// <summary>Adds a link with the dialog's defaults (every event type, always, at once).</summary>
    public async Task CreateAsync(string provider, string target)
    {
        await page.GetByTestId("add-link").ClickAsync();
        await Expect(Dialog).ToBeVisibleAsync();
        await ChooseAsync("link-provider", provider);
        await ChooseAsync("link-target", target);
        await page.GetByTestId("save-link").ClickAsync();
        await Expect(Dialog).ToHaveCountAsync(0);
        await Expect(Row(provider, target)).ToBeVisibleAsync();
    }

    private async Task ChooseAsync(string selectTestId, string option)
    {
        await page.GetByTestId(selectTestId).ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = option }).First.ClickAsync();
        // MudSelect shows its value in a read-only <input> (which carries the data-testid).
        await Expect(MudInputs.ByTestId(page, selectTestId)).ToHaveValueAsync(option);
    }
}

using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace NotifyBridge.E2E.Pages;

/// <summary><c>/providers</c>: the user's providers, their webhook URLs and secrets.</summary>
public sealed class ProvidersPage(IPage page)
{
    public const string Title = "Providers";

    public ILocator Row(string name) => page.GetByTestId("provider-row").Filter(new() { HasText = name });

    public async Task CreateAsync(string name, string typeLabel)
    {
        await page.GetByTestId("add-provider").ClickAsync();
        await MudInputs.ByTestId(page, "provider-name").FillAsync(name);
        await page.GetByTestId("provider-type").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = typeLabel }).First.ClickAsync();
        await page.GetByTestId("save-provider").ClickAsync();
        await Expect(Row(name)).ToBeVisibleAsync();
    }

    /// <summary>The webhook URL and the revealed secret of the provider named <paramref name="name"/>.</summary>
    public async Task<(string Url, string Secret)> WebhookOfAsync(string name)
    {
        var row = Row(name);
        var url = (await row.GetByTestId("webhook-url").InnerTextAsync()).Trim();
        await row.GetByTestId("show-secret").ClickAsync();
        var secret = page.GetByTestId("webhook-secret");
        await Expect(secret).Not.ToBeEmptyAsync();
        return (url, (await secret.InnerTextAsync()).Trim());
    }
}

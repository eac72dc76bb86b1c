using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace NotifyBridge.E2E.Pages;

/// <summary><c>/providers</c>: the user's providers, their webhook URLs and secrets.</summary>
public sealed class ProvidersPage(IPage page)
{
    public const string Title = "Providers";

    /// <summary>The table row of a provider (provider-row marks its name cell: MudTable passes no attributes to &lt;tr&gt;).</summary>
    public ILocator Row(string name) => page.Locator("tr").Filter(new() { Has = page.GetByTestId("provider-row").Filter(new() { HasText = name }) });

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
        var url = page.GetByTestId("webhook-url");
        if (!await url.IsVisibleAsync()) await Row(name).GetByTestId("webhook-setup").ClickAsync();
        await Expect(url).ToBeVisibleAsync();
        var urlText = (await url.InnerTextAsync()).Trim();
        await page.GetByTestId("show-secret").ClickAsync();
        var secret = page.GetByTestId("webhook-secret");
        await Expect(secret).Not.ToContainTextAsync("•");
        return (urlText, (await secret.InnerTextAsync()).Trim());
    }
}

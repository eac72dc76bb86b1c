using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace NotifyBridge.E2E.Pages;

/// <summary><c>/tokens</c>: personal API tokens and the "New token" dialog.</summary>
public sealed class ApiTokensPage(IPage page)
{
    public const string Title = "API tokens";

    public ILocator Table => page.GetByTestId("token-table");

    public ILocator Dialog => page.Locator(".mud-dialog");

    public ILocator CreatedToken => page.GetByTestId("created-token");

    public ILocator Row(string name) => Table.Locator("tbody tr").Filter(new() { HasText = name });

    /// <summary>Creates a token and returns its plain text, which the dialog shows once; leaves the dialog open.</summary>
    public async Task<string> CreateTokenAsync(string name)
    {
        await page.GetByTestId("create-token").ClickAsync();
        var nameInput = MudInputs.ByTestId(page, "token-name");
        await nameInput.FillAsync(name);
        await nameInput.BlurAsync();
        await page.GetByTestId("confirm-create-token").ClickAsync();
        await Expect(CreatedToken).ToBeVisibleAsync();
        return (await CreatedToken.TextContentAsync() ?? "").Trim();
    }

    public async Task CloseCreatedTokenDialogAsync()
    {
        await page.GetByTestId("close-token-dialog").ClickAsync();
        await Expect(Dialog).ToHaveCountAsync(0);
    }
}

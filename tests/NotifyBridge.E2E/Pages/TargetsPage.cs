using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace NotifyBridge.E2E.Pages;

/// <summary><c>/targets</c>: where notifications go, the target dialog (with "Send test") and the Telegram bots.</summary>
public sealed class TargetsPage(IPage page)
{
    public const string Title = "Targets";

    /// <summary>The table row of a target (target-row marks its name cell: MudTable passes no attributes to &lt;tr&gt;).</summary>
    public ILocator Row(string name) => page.Locator("tr").Filter(new() { Has = page.GetByTestId("target-row").Filter(new() { HasText = name }) });

    /// <summary>The add/edit target dialog (a nested "Add bot" dialog is a separate one).</summary>
    public ILocator Dialog => page.Locator(".mud-dialog").Filter(new() { Has = page.GetByTestId("save-target") });

    /// <summary>The outcome of the last "Send test", in the dialog or under the row.</summary>
    public ILocator TestResult => page.GetByTestId("test-result");

    /// <summary>Opens "Add target" and names the new Telegram target.</summary>
    public async Task StartTelegramTargetAsync(string name)
    {
        await page.GetByTestId("add-target").ClickAsync();
        await Expect(Dialog).ToBeVisibleAsync();
        await MudInputs.ByTestId(page, "target-name").FillAsync(name);
        await page.GetByTestId("target-type").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "Telegram" }).First.ClickAsync();
        await Expect(MudInputs.ByTestId(page, "target-telegram-chat")).ToBeVisibleAsync();
    }

    /// <summary>"Add bot" from the target dialog: token and Bot API server, checked with getMe; the dialog then selects it.</summary>
    public async Task AddBotAsync(string token, string apiBaseUrl, string expectedDisplay)
    {
        await page.GetByTestId("target-add-bot").ClickAsync();
        var tokenBox = MudInputs.ByTestId(page, "bot-token");
        await tokenBox.FillAsync(token);
        await MudInputs.ByTestId(page, "bot-api-url").FillAsync(apiBaseUrl);
        await page.GetByTestId("bot-save").ClickAsync();
        await Expect(page.GetByTestId("bot-added")).ToContainTextAsync(expectedDisplay);
        // The bot dialog closes by itself after showing the confirmation; the target dialog has the bot selected.
        await Expect(tokenBox).ToHaveCountAsync(0);
        // MudSelect shows its value in a read-only <input> (which carries the data-testid).
        await Expect(MudInputs.ByTestId(page, "target-telegram-bot")).ToHaveValueAsync(expectedDisplay);
    }

    public async Task SetChatAsync(string chatId) => await MudInputs.ByTestId(page, "target-telegram-chat").FillAsync(chatId);

    /// <summary>"Send test" in the dialog: the progress bar, then the result.</summary>
    public async Task SendTestFromDialogAsync()
    {
        await page.GetByTestId("target-send-test").ClickAsync();
        await Expect(Dialog.GetByTestId("test-result")).ToBeVisibleAsync();
    }

    public async Task SaveAsync(string name)
    {
        await page.GetByTestId("save-target").ClickAsync();
        await Expect(Dialog).ToHaveCountAsync(0);
        await Expect(Row(name)).ToBeVisibleAsync();
    }

    /// <summary>The row's "Send test" button; the result shows under the row.</summary>
    public async Task SendTestFromRowAsync(string name)
    {
        await Row(name).GetByTestId("test-target").ClickAsync();
        await Expect(TestResult).ToBeVisibleAsync();
    }
}

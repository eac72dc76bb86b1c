using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace NotifyBridge.E2E.Pages;

/// <summary><c>/settings</c>: instance-wide settings (time zone, retention, locale, network policy).</summary>
public sealed class SettingsPage(IPage page)
{
    public const string Title = "Settings";

    public ILocator RetentionDays => MudInputs.ByTestId(page, "retention-days");

    public ILocator RetentionDescription => page.GetByTestId("retention-description");

    public ILocator SaveButton => page.GetByTestId("save-settings");

    public ILocator Snackbar => page.Locator(".mud-snackbar");

    public async Task SetRetentionDaysAsync(int days)
    {
        await Expect(RetentionDays).ToBeEditableAsync();
        await RetentionDays.FillAsync(days.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await RetentionDays.BlurAsync();
    }

    public async Task SaveAsync() => await SaveButton.ClickAsync();
}

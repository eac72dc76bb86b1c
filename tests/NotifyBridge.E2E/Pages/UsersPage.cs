using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace NotifyBridge.E2E.Pages;

/// <summary><c>/users</c> (admins only): the user table and the "Add user" dialog.</summary>
public sealed class UsersPage(IPage page)
{
    public const string Title = "Users";

    public ILocator Table => page.GetByTestId("user-table");

    public ILocator Dialog => page.Locator(".mud-dialog");

    public ILocator AddError => page.GetByTestId("add-user-error");

    public ILocator Row(string email) => Table.Locator("tbody tr").Filter(new() { HasText = email });

    public async Task AddUserAsync(string email, string password)
    {
        await page.GetByTestId("add-user").ClickAsync();
        await Expect(Dialog).ToBeVisibleAsync();
        await MudInputs.ByTestId(page, "new-user-email").FillAsync(email);
        var passwordInput = MudInputs.ByTestId(page, "new-user-password");
        await passwordInput.FillAsync(password);
        await passwordInput.BlurAsync();
        await page.GetByTestId("confirm-add-user").ClickAsync();
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NotifyBridge.E2E.Infrastructure;
using NotifyBridge.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace NotifyBridge.E2E.Tests;

/// <summary>
/// The first admin's journey through a fresh instance, one browser session, in order:
/// setup → sign out/in → every page → API token (used against the API) → add a user →
/// settings → dark mode → phone width → the new user signs in → an unhandled error.
/// </summary>
[Collection(E2ECollection.Name)]
[TestCaseOrderer(StepOrderer.TypeName, StepOrderer.AssemblyName)]
public sealed partial class AdminJourneyTests(JourneySession session) : IClassFixture<JourneySession>
{
    private const string AdminEmail = "admin@example.test";
    private const string AdminPassword = "Passw0rd!long";
    private const string UserEmail = "operator@example.test";
    private const string UserPassword = "0perator-pass";

    private IPage Page => session.Page;
    private ShellPage Shell => new(Page);

    [Fact, Step(1)]
    public Task Fresh_instance_sends_the_browser_to_setup_which_creates_the_admin() => session.RunStepAsync(1, async () =>
    {
        await Page.GotoAsync("/");
        await Expect(Page).ToHaveURLAsync(PathIs("/setup"));
        var setup = new SetupPage(Page);
        await Expect(setup.Heading).ToBeVisibleAsync();
        await session.ScreenshotAsync("setup");

        await setup.CreateAdminAsync(AdminEmail, AdminPassword);

        await Expect(Page).ToHaveURLAsync(PathIs("/"));
        await Shell.WaitForInteractivePageAsync("Dashboard");
        await Expect(Page.GetByTestId("stat-tokens")).ToBeVisibleAsync();
        await session.ScreenshotAsync("dashboard-after-setup");
    });

    [Fact, Step(2)]
    public Task Sign_out_from_the_account_menu_shows_the_login_page() => session.RunStepAsync(2, async () =>
    {
        await Shell.OpenAccountMenuAsync();
        await Expect(Page.GetByTestId("sign-out")).ToBeVisibleAsync();
        await Expect(Page.Locator(".mud-popover-open")).ToContainTextAsync(AdminEmail);
        await session.ScreenshotAsync("account-menu");

        await Page.GetByTestId("sign-out").ClickAsync();

        await Expect(Page).ToHaveURLAsync(PathIs("/account/login"));
        await Expect(new LoginPage(Page).Heading).ToBeVisibleAsync();
        await session.ScreenshotAsync("signed-out");

        // Signed out for real: a protected page sends the browser back to sign in.
        await Page.GotoAsync("/settings");
        await Expect(Page).ToHaveURLAsync(PathIs("/account/login"));
    });

    [Fact, Step(3)]
    public Task Wrong_password_shows_the_error_alert() => session.RunStepAsync(3, async () =>
    {
        var login = new LoginPage(Page);
        await login.GotoAsync();
        await login.SignInAsync(AdminEmail, "not-the-password1");

        await Expect(login.Error).ToBeVisibleAsync();
        await Expect(login.Error).ToContainTextAsync("Wrong email or password");
        await Expect(login.Heading).ToBeVisibleAsync();
        await session.ScreenshotAsync("login-wrong-password");
    });

    [Fact, Step(4)]
    public Task Sign_in_with_the_right_password_lands_on_the_dashboard() => session.RunStepAsync(4, async () =>
    {
        var login = new LoginPage(Page);
        await login.SignInAsync(AdminEmail, AdminPassword);

        await Expect(Page).ToHaveURLAsync(PathIs("/"));
        await Shell.WaitForInteractivePageAsync("Dashboard");
        await session.ScreenshotAsync("dashboard-signed-in");
    });

    [Fact, Step(5)]
    public Task Every_page_in_the_navigation_opens_with_its_heading() => session.RunStepAsync(5, async () =>
    {
        (string Link, string Heading, string Path)[] pages =
        [
            ("API tokens", ApiTokensPage.Title, "/tokens"),
            ("Settings", SettingsPage.Title, "/settings"),
            ("Users", UsersPage.Title, "/users"),
            ("Dashboard", "Dashboard", "/"),
        ];
        foreach (var (link, heading, path) in pages)
        {
            await Shell.NavigateAsync(link, heading);
            await Expect(Page).ToHaveURLAsync(PathIs(path));
            await Expect(Page).ToHaveTitleAsync($"{heading} · NotifyBridge");
            await session.ScreenshotAsync("nav-" + heading.ToLowerInvariant().Replace(' ', '-'));
        }

        // The same pages on a full page load (server prerender, then the circuit takes over).
        foreach (var (_, heading, path) in pages)
            await Shell.GotoAsync(path, heading);
    });

    [Fact, Step(6)]
    public Task A_new_API_token_is_shown_once_and_authenticates_against_the_API() => session.RunStepAsync(6, async () =>
    {
        await Shell.GotoAsync("/tokens", ApiTokensPage.Title);
        var tokens = new ApiTokensPage(Page);
        await Expect(tokens.Table).ToContainTextAsync("No tokens yet.");

        var token = await tokens.CreateTokenAsync("e2e script");
        Assert.StartsWith("nbt_", token, StringComparison.Ordinal);
        await session.ScreenshotAsync("token-created");

        using var http = session.App.CreateApiClient();
        using (var anonymous = await http.GetAsync(new Uri("api/v1/me", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("api/v1/me", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var me = await response.Content.ReadFromJsonAsync<MeResponse>();
        Assert.NotNull(me);
        Assert.Equal(AdminEmail, me.Email);
        Assert.Contains("Admin", me.Roles);

        await tokens.CloseCreatedTokenDialogAsync();
        await Expect(tokens.Row("e2e script")).ToContainTextAsync("active");
        await Expect(tokens.Row("e2e script")).ToContainTextAsync(token[..8]);
        await session.ScreenshotAsync("token-list");
    });

    [Fact, Step(7)]
    public Task An_added_user_appears_in_the_user_table() => session.RunStepAsync(7, async () =>
    {
        await Shell.GotoAsync("/users", UsersPage.Title);
        var users = new UsersPage(Page);
        await Expect(users.Row(AdminEmail)).ToBeVisibleAsync();

        await users.AddUserAsync(UserEmail, UserPassword);

        await Expect(users.Dialog).ToHaveCountAsync(0);
        await Expect(users.Row(UserEmail)).ToBeVisibleAsync();
        await Expect(users.Row(UserEmail)).ToContainTextAsync("active");
        await session.ScreenshotAsync("user-added");
    });

    [Fact, Step(8)]
    public Task Retention_zero_is_saved_and_described_as_kept_forever() => session.RunStepAsync(8, async () =>
    {
        await Shell.GotoAsync("/settings", SettingsPage.Title);
        var settings = new SettingsPage(Page);
        await Expect(settings.RetentionDescription).Not.ToContainTextAsync("kept forever");

        await settings.SetRetentionDaysAsync(0);
        await Expect(settings.RetentionDescription).ToContainTextAsync("kept forever");
        await settings.SaveAsync();
        await Expect(settings.Snackbar).ToContainTextAsync("Settings saved.");
        await session.ScreenshotAsync("settings-saved");

        // Saved for real: a fresh load reads it back from the database.
        await Shell.GotoAsync("/settings", SettingsPage.Title);
        await Expect(settings.RetentionDays).ToHaveValueAsync("0");
        await Expect(settings.RetentionDescription).ToContainTextAsync("Events are kept forever");
    });

    [Fact, Step(9)]
    public Task Dark_mode_is_remembered_across_a_reload() => session.RunStepAsync(9, async () =>
    {
        await Shell.GotoAsync("/", "Dashboard");
        Assert.Equal(LightPrimary, await Shell.PrimaryPaletteColourAsync());

        await Shell.ToggleThemeAsync();
        await Expect(Page.Locator("html")).ToHaveCSSAsync("--mud-palette-primary", DarkPrimary);
        Assert.Equal("dark", await Shell.ThemeCookieAsync());

        await Page.ReloadAsync();
        await Shell.WaitForInteractivePageAsync("Dashboard");
        Assert.Equal(DarkPrimary, await Shell.PrimaryPaletteColourAsync());
        await session.ScreenshotAsync("dark-mode-after-reload");

        // The static sign-in page follows the same cookie.
        await using var anonymous = await session.NewContextAsync(new BrowserNewContextOptions());
        await anonymous.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = "nb-theme", Value = "dark", Url = session.App.BaseUri.ToString() }]);
        var loginPage = await anonymous.NewPageAsync();
        await loginPage.GotoAsync("/account/login");
        await Expect(loginPage.Locator("html")).ToHaveCSSAsync("--mud-palette-primary", DarkPrimary);
        await session.ScreenshotAsync(loginPage, "login-dark");
    });

    [Fact, Step(10)]
    public Task At_phone_width_the_dashboard_renders_and_the_drawer_opens_from_the_menu_button() => session.RunStepAsync(10, async () =>
    {
        await using var phone = await session.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
            StorageState = await session.Context.StorageStateAsync(),
        });
        var page = await phone.NewPageAsync();
        var shell = new ShellPage(page);
        await shell.GotoAsync("/", "Dashboard");
        await Expect(page.GetByTestId("stat-providers")).ToBeVisibleAsync();
        await Expect(shell.NavLink("Settings")).Not.ToBeInViewportAsync();
        await session.ScreenshotAsync(page, "phone-dashboard");

        await shell.MenuButton.ClickAsync();
        await Expect(shell.NavLink("Settings")).ToBeInViewportAsync();
        await session.ScreenshotAsync(page, "phone-drawer-open");

        await shell.NavLink("Settings").ClickAsync();
        await shell.WaitForInteractivePageAsync(SettingsPage.Title);
        await Expect(new SettingsPage(page).RetentionDays).ToBeVisibleAsync();
        await session.ScreenshotAsync(page, "phone-settings");
    });

    [Fact, Step(11)]
    public Task The_added_user_signs_in_without_admin_pages() => session.RunStepAsync(11, async () =>
    {
        await using var context = await session.NewContextAsync(new BrowserNewContextOptions());
        var page = await context.NewPageAsync();
        await page.GotoAsync("/tokens");
        await Expect(page).ToHaveURLAsync(PathIs("/account/login"));
        await new LoginPage(page).SignInAsync(UserEmail, UserPassword);

        var shell = new ShellPage(page);
        await Expect(page).ToHaveURLAsync(PathIs("/tokens"));
        await shell.WaitForInteractivePageAsync(ApiTokensPage.Title);
        await Expect(shell.NavLink("Settings")).ToBeVisibleAsync();
        await Expect(shell.NavLink("Users")).ToHaveCountAsync(0);
        await session.ScreenshotAsync(page, "user-signed-in");

        // Typing the admin-only address: the server refuses it before rendering anything.
        await page.GotoAsync("/users");
        await Expect(page).ToHaveURLAsync(PathIs("/account/access-denied"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Access denied", Level = 1 })).ToBeVisibleAsync();
        await session.ScreenshotAsync(page, "user-access-denied");
    });

    [Fact, Step(12)]
    public Task An_unhandled_error_shows_the_error_page_to_people_and_problem_details_to_the_API() => session.RunStepAsync(12, async () =>
    {
        var logged = session.App.ServerLog.DeliberateFailures;
        var response = await Page.GotoAsync(DeliberateFailureStartupFilter.PagePath);
        Assert.NotNull(response);
        Assert.Equal(500, response.Status);
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Something went wrong", Level = 1 })).ToBeVisibleAsync();
        await Expect(Page.GetByText("Reference for the logs")).ToBeVisibleAsync();
        await Expect(Page.GetByText(DeliberateFailureStartupFilter.Marker)).ToHaveCountAsync(0);
        await session.ScreenshotAsync("error-page");
        session.ExpectBrowserError("status of 500");

        using var http = session.App.CreateApiClient();
        using var api = await http.GetAsync(new Uri(DeliberateFailureStartupFilter.ApiPath.TrimStart('/'), UriKind.Relative));
        Assert.Equal(HttpStatusCode.InternalServerError, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(DeliberateFailureStartupFilter.Marker, await api.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(logged + 2, session.App.ServerLog.DeliberateFailures);
    });

    // NotifyBridgeTheme's primary colours (#3f51b5 light, #8c9eff dark) as MudBlazor writes them.
    private const string LightPrimary = "rgba(63,81,181,1)";
    private const string DarkPrimary = "rgba(140,158,255,1)";

    /// <summary>Matches a URL whose path (ignoring the query) is exactly <paramref name="path"/>.</summary>
    private static Regex PathIs(string path) =>
        new($"^https?://[^/]+{Regex.Escape(path)}(\\?.*)?$");

    private sealed record MeResponse(string Id, string Email, string? DisplayName, IReadOnlyList<string> Roles, long TokenId);
}

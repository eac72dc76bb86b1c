using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using NotifyBridge.Domain.Accounts;
using NotifyBridge.Infrastructure.Identity;
using NotifyBridge.Tests.TestSupport;

namespace NotifyBridge.Tests.Web;

public abstract class AccountFlowTests : AppTestBase
{
    private const string AdminEmail = "admin@example.test";
    private const string AdminPassword = "Passw0rd-admin";

    [Fact]
    public async Task FreshInstance_AnyPage_RedirectsToSetup()
    {
        using var browser = App.CreateBrowserClient();
        using var response = await browser.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/setup", response.Headers.Location?.OriginalString);
        var setup = await browser.GetStringAsync(new Uri("/setup", UriKind.Relative));
        Assert.Contains("Create the administrator account", setup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Setup_CreatesAdminAndSignsIn_ThenIsGone()
    {
        using var browser = App.CreateBrowserClient();
        using var created = await SubmitSetupAsync(browser, AdminEmail, AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal("/", created.Headers.Location?.OriginalString);

        var dashboard = await browser.GetStringAsync(new Uri("/", UriKind.Relative));
        Assert.Contains("Dashboard", dashboard, StringComparison.Ordinal);

        await using (var scope = App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var admin = await users.FindByEmailAsync(AdminEmail);
            Assert.NotNull(admin);
            Assert.True(await users.IsInRoleAsync(admin, Roles.Admin));
        }

        // The setup page is gone, and a second submission creates nobody.
        using var anonymous = App.CreateBrowserClient();
        using var again = await anonymous.GetAsync(new Uri("/setup", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Contains("/account/login", again.Headers.Location?.OriginalString, StringComparison.Ordinal);
        var list = await App.Services.CreateAsyncScope().ServiceProvider.GetRequiredService<UserAdministration>().ListAsync(CancellationToken.None);
        Assert.Single(list);
    }

    [Fact]
    public async Task Setup_WithMismatchedPasswords_ShowsErrorAndCreatesNothing()
    {
        using var browser = App.CreateBrowserClient();
        using var response = await BrowserForms.SubmitAsync(browser, "/setup", "/setup", new Dictionary<string, string>
        {
            ["Email"] = AdminEmail, ["Password"] = AdminPassword, ["ConfirmPassword"] = "different-1",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/setup?error=", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.True(await App.Services.GetRequiredService<FirstRunSetup>().IsRequiredAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Setup_PostWithoutAntiforgeryToken_IsRejected()
    {
        using var browser = App.CreateBrowserClient();
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = AdminEmail, ["Password"] = AdminPassword, ["ConfirmPassword"] = AdminPassword,
        });
        using var response = await browser.PostAsync(new Uri("/setup", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(await App.Services.GetRequiredService<FirstRunSetup>().IsRequiredAsync(CancellationToken.None));
    }

    [Fact]
    public async Task SignIn_WithRightPassword_OpensDashboard_WrongPassword_ShowsError()
    {
        await App.CreateUserAsync(AdminEmail, Roles.Admin, AdminPassword);
        using var browser = App.CreateBrowserClient();

        using var wrong = await BrowserForms.SignInAsync(browser, AdminEmail, "not-the-password1");
        Assert.Contains("error=invalid", wrong.Headers.Location?.OriginalString, StringComparison.Ordinal);
        using var stillAnonymous = await browser.GetAsync(new Uri("/tokens", UriKind.Relative));
        var content = await stillAnonymous.Content.ReadAsStringAsync();
        Assert.DoesNotContain("New token", content, StringComparison.Ordinal);

        using var right = await BrowserForms.SignInAsync(browser, AdminEmail, AdminPassword);
        Assert.Equal("/", right.Headers.Location?.OriginalString);
        Assert.Contains("API tokens", await browser.GetStringAsync(new Uri("/tokens", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_AfterFiveFailures_IsLockedOut()
    {
        await App.CreateUserAsync(AdminEmail, Roles.Admin, AdminPassword);
        using var browser = App.CreateBrowserClient();
        for (var i = 0; i < 5; i++) (await BrowserForms.SignInAsync(browser, AdminEmail, "wrong-password1")).Dispose();

        using var locked = await BrowserForms.SignInAsync(browser, AdminEmail, AdminPassword);
        Assert.Contains("error=locked", locked.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_DisabledUser_IsRefused()
    {
        var admin = await App.CreateUserAsync(AdminEmail, Roles.Admin, AdminPassword);
        var user = await App.CreateUserAsync("user@example.test", Roles.User, "Passw0rd-user");
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<UserAdministration>().SetDisabledAsync(user.Id, true, admin.Id);
            Assert.True(result.Succeeded, result.ErrorText);
        }
        using var browser = App.CreateBrowserClient();
        using var response = await BrowserForms.SignInAsync(browser, "user@example.test", "Passw0rd-user");
        Assert.Contains("error=disabled", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_ReturnUrlToAnotherSite_IsIgnored()
    {
        await App.CreateUserAsync(AdminEmail, Roles.Admin, AdminPassword);
        using var browser = App.CreateBrowserClient();
        using var response = await BrowserForms.SubmitAsync(browser, "/account/login", "/account/login", new Dictionary<string, string>
        {
            ["Email"] = AdminEmail, ["Password"] = AdminPassword, ["ReturnUrl"] = "//evil.example/steal",
        });
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task UsersPage_IsForAdminsOnly()
    {
        await App.CreateUserAsync(AdminEmail, Roles.Admin, AdminPassword);
        await App.CreateUserAsync("user@example.test", Roles.User, "Passw0rd-user");

        using var user = App.CreateBrowserClient();
        (await BrowserForms.SignInAsync(user, "user@example.test", "Passw0rd-user")).Dispose();
        using var asUser = await user.GetAsync(new Uri("/users", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, asUser.StatusCode);
        Assert.StartsWith("/account/access-denied", asUser.Headers.Location?.AbsolutePath ?? asUser.Headers.Location?.OriginalString, StringComparison.Ordinal);

        using var admin = App.CreateBrowserClient();
        (await BrowserForms.SignInAsync(admin, AdminEmail, AdminPassword)).Dispose();
        var asAdmin = await admin.GetStringAsync(new Uri("/users", UriKind.Relative));
        Assert.Contains("user@example.test", asAdmin, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserAdministration_KeepsOneEnabledAdmin()
    {
        var admin = await App.CreateUserAsync(AdminEmail, Roles.Admin, AdminPassword);
        var other = await App.CreateUserAsync("second@example.test", Roles.User);
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();

        Assert.False((await users.SetDisabledAsync(admin.Id, true, admin.Id)).Succeeded);
        Assert.False((await users.SetRoleAsync(admin.Id, Roles.User, other.Id)).Succeeded);
        Assert.True((await users.SetRoleAsync(other.Id, Roles.Admin, admin.Id)).Succeeded);
        Assert.True((await users.SetRoleAsync(admin.Id, Roles.User, other.Id)).Succeeded);
    }

    private static Task<HttpResponseMessage> SubmitSetupAsync(HttpClient browser, string email, string password) =>
        BrowserForms.SubmitAsync(browser, "/setup", "/setup", new Dictionary<string, string>
        {
            ["Email"] = email, ["Password"] = password, ["ConfirmPassword"] = password,
        });
}

public sealed class SqliteAccountFlowTests : AccountFlowTests
{
    protected override NotifyBridgeAppFactory CreateFactory() => NotifyBridgeAppFactory.ForSqlite();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresAccountFlowTests(PostgresCluster cluster) : AccountFlowTests
{
    protected override NotifyBridgeAppFactory CreateFactory() => NotifyBridgeAppFactory.ForPostgres(cluster);
}

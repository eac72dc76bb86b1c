using System.Net;
using NotifyBridge.Domain.Accounts;
using NotifyBridge.Tests.TestSupport;

namespace NotifyBridge.Tests.Web.Admin;

/// <summary>The targets, links and deliveries pages render in the real app, with its real services, for a signed-in user.</summary>
public abstract class AdminPagesRenderTests : AppTestBase
{
    [Theory]
    [InlineData("/targets", "data-testid=\"add-target\"")]
    [InlineData("/links", "data-testid=\"add-link\"")]
    [InlineData("/deliveries", "data-testid=\"delivery-status-filter\"")]
    public async Task Page_RendersForASignedInUser(string path, string marker)
    {
        await App.CreateUserAsync("admin@example.test", Roles.Admin, "Passw0rd-admin");
        using var browser = App.CreateBrowserClient();
        (await BrowserForms.SignInAsync(browser, "admin@example.test", "Passw0rd-admin")).Dispose();

        using var response = await browser.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(marker, html, StringComparison.Ordinal);
        Assert.Contains("href=\"deliveries\"", html, StringComparison.Ordinal);
    }
}

public sealed class SqliteAdminPagesRenderTests : AdminPagesRenderTests
{
    protected override NotifyBridgeAppFactory CreateFactory() => NotifyBridgeAppFactory.ForSqlite();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresAdminPagesRenderTests(PostgresCluster cluster) : AdminPagesRenderTests
{
    protected override NotifyBridgeAppFactory CreateFactory() => NotifyBridgeAppFactory.ForPostgres(cluster);
}

using Bunit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Infrastructure.Retention;
using NotifyBridge.Infrastructure.Settings;
using NotifyBridge.Tests.TestSupport;
using NotifyBridge.Web.Auth;
using NotifyBridge.Web.Components.Pages.Settings;

namespace NotifyBridge.Tests.Web.Components;

/// <summary>The Settings page against the real settings service on a real SQLite file.</summary>
public sealed class SettingsPageTests : MudComponentTestBase
{
    private readonly TempDirectory _data = new("nb-bunit");
    private ServiceProvider _infrastructure = null!;

    public override async Task InitializeAsync()
    {
        _infrastructure = InfrastructureServices.ForSqlite(_data.Path);
        await _infrastructure.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        Services.AddSingleton(_infrastructure.GetRequiredService<AppSettingsService>());
        Services.AddSingleton(_infrastructure.GetRequiredService<RetentionService>());
    }

    [Fact]
    public void Admin_SetsRetentionToZero_PageSaysKeptForever_AndItIsStored()
    {
        AddAuthorization().SetAuthorized("admin@example.test").SetRoles("Admin").SetPolicies(Policies.Admin);
        var page = Render<SettingsPage>();
        page.WaitForElement("input[data-testid=retention-days]");

        Assert.Contains("30 days", page.Find("[data-testid=retention-description]").TextContent, StringComparison.Ordinal);
        page.Find("input[data-testid=retention-days]").Change("0");
        page.WaitForAssertion(() =>
            Assert.Contains("kept forever", page.Find("[data-testid=retention-description]").TextContent, StringComparison.Ordinal));

        page.Find("[data-testid=save-settings]").Click();
        page.WaitForAssertion(async () =>
            Assert.Equal(0, (await _infrastructure.GetRequiredService<AppSettingsService>().GetAsync(CancellationToken.None)).RetentionDays));
    }

    [Fact]
    public void NonAdmin_SeesReadOnlySettings_WithoutSaveButton()
    {
        AddAuthorization().SetAuthorized("user@example.test").SetRoles("User");
        var page = Render<SettingsPage>();
        page.WaitForElement("[data-testid=retention-days]");

        Assert.Empty(page.FindAll("[data-testid=save-settings]"));
        Assert.Contains("only admins can change them", page.Markup, StringComparison.Ordinal);
    }

    protected override async Task CleanUpAsync()
    {
        await _infrastructure.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _data.Dispose();
    }
}

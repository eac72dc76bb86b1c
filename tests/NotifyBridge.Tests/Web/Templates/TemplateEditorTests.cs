using System.Security.Claims;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using NotifyBridge.Domain.Events;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Infrastructure.Providers;
using NotifyBridge.Infrastructure.Templates;
using NotifyBridge.Tests.TestSupport;
using NotifyBridge.Web.Components.Pages.Templates;

namespace NotifyBridge.Tests.Web.Templates;

/// <summary>The template list and editor against the real template service and renderer on a real SQLite file.</summary>
public sealed class TemplateEditorTests : InfrastructureComponentTestBase
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Services.AddSingleton(Get<TemplateService>());
        Services.AddSingleton(Get<FluidMessageRenderer>());
        await SignInAsync(admin: true);
        // bUnit's SetRoles drops the claims set before it: set the user id again.
        AddAuthorization().SetClaims(new Claim(ClaimTypes.NameIdentifier, UserId));
    }

    private IRenderedComponent<TemplateEditorPage> RenderEditor(string name = EventTypes.Push, string locale = "en")
    {
        var page = Render<TemplateEditorPage>(p => p.Add(x => x.Name, name).Add(x => x.Locale, locale));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=preview-html]")), Wait);
        return page;
    }

    private async Task<int> StoredRowsAsync()
    {
        await using var db = await Get<IDbContextFactory<NotifyBridgeDbContext>>().CreateDbContextAsync();
        return await db.MessageTemplates.CountAsync();
    }

    [Fact]
    public async Task Editor_TemplateThatDoesNotParse_ShowsTheErrorWithItsLine_AndSaveIsDisabled()
    {
        var page = RenderEditor();
        Assert.Contains("alice", page.Find("[data-testid=preview-html]").InnerHtml, StringComparison.Ordinal);
        Assert.True(page.Find("[data-testid=save-template]").HasAttribute("disabled"));

        page.Find("textarea").Input("<b>{{ event.actor }}</b>\n{% if event.url %}no end");

        page.WaitForAssertion(() => Assert.StartsWith("Line 2, column", page.Find("[data-testid=template-error]").TextContent.Trim(), StringComparison.Ordinal), Wait);
        Assert.True(page.Find("[data-testid=save-template]").HasAttribute("disabled"));
        Assert.Empty(page.FindAll("[data-testid=preview-html]"));
        Assert.Equal(0, await StoredRowsAsync());
    }

    [Fact]
    public async Task Editor_ValidEdit_PreviewsSafely_SavesAVersion_AndResetAsksFirst()
    {
        var dialogs = Render<MudDialogProvider>();
        var page = RenderEditor(EventTypes.IssueOpened, "de");

        page.Find("textarea").Input("<b>{{ event.actor }}</b> <a href=\"javascript:alert(1)\">x</a> {{ event.details.title }}");
        page.WaitForAssertion(() => Assert.False(page.Find("[data-testid=save-template]").HasAttribute("disabled")), Wait);
        var html = page.Find("[data-testid=preview-html]").InnerHtml;
        Assert.Equal("<b>alice</b> x Login fails with umlauts in password", html);
        Assert.Equal("alice x Login fails with umlauts in password", page.Find("[data-testid=preview-text]").TextContent);

        page.Find("[data-testid=save-template]").Click();
        page.WaitForAssertion(() => Assert.Contains("version 1", page.Find("[data-testid=template-state]").TextContent, StringComparison.Ordinal), Wait);
        Assert.Equal(1, await StoredRowsAsync());

        page.Find("[data-testid=reset-template]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Reset to the built-in template?", dialogs.Markup, StringComparison.Ordinal), Wait);
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Reset").Click();
        page.WaitForAssertion(() => Assert.Contains("built-in", page.Find("[data-testid=template-state]").TextContent, StringComparison.Ordinal), Wait);
        Assert.Equal(0, await StoredRowsAsync());
    }

    [Fact]
    public async Task Editor_PreviewsAgainstAChosenRecentEvent()
    {
        var provider = await Get<ProviderService>().CreateAsync(UserId, new ProviderInput("Forge", NotifyBridge.Domain.Providers.ProviderType.Gitea), CancellationToken.None);
        var recent = NewEvent(provider, "Real push <3>", DateTime.UtcNow);
        recent.Actor = "dora";
        await InsertEventsAsync(recent);

        var page = RenderEditor();
        var picker = page.FindComponent<MudSelect<long?>>();
        await page.InvokeAsync(() => picker.Instance.ValueChanged.InvokeAsync(recent.Id));

        page.WaitForAssertion(() => Assert.StartsWith("<b>dora</b> pushed", page.Find("[data-testid=preview-html]").InnerHtml, StringComparison.Ordinal), Wait);
    }

    [Fact]
    public async Task TemplateList_ShowsEveryNameAndLocale_AndCustomVersions()
    {
        await Get<TemplateService>().SaveAsync(EventTypes.Push, "de", "Push!", CancellationToken.None);
        var page = Render<TemplatesPage>();
        page.WaitForAssertion(() => Assert.Equal(TemplateNames.BuiltIn.Count * 2, page.FindAll("[data-testid=edit-template]").Count), Wait);

        var custom = page.Find("[data-template='push/de']");
        Assert.Contains("Custom · v1", custom.TextContent, StringComparison.Ordinal);
        Assert.EndsWith("templates/push/de", custom.GetAttribute("href"), StringComparison.Ordinal);
        Assert.Contains("Built-in", page.Find("[data-template='push/en']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Editor_UnknownLocale_SaysSo()
    {
        var page = Render<TemplateEditorPage>(p => p.Add(x => x.Name, EventTypes.Push).Add(x => x.Locale, "fr"));
        page.WaitForAssertion(() => Assert.Contains("Locale must be one of", page.Find("[data-testid=template-load-error]").TextContent, StringComparison.Ordinal), Wait);
    }
}

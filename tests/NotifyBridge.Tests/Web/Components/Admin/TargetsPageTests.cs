using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using NotifyBridge.Domain.Notifications;
using NotifyBridge.Infrastructure.Links;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Infrastructure.Targets;
using NotifyBridge.Tests.TestSupport.Admin;
using NotifyBridge.Web.Components.Pages.Links;
using NotifyBridge.Web.Components.Pages.Targets;

namespace NotifyBridge.Tests.Web.Components.Admin;

/// <summary>The Targets and Links pages on real data.</summary>
public sealed class TargetsPageTests : AdminComponentTestBase
{
    [Fact]
    public async Task Targets_ShowStatus_IncludingAnOpenCircuit()
    {
        await WebhookAsync("Healthy");
        await WebhookAsync("Off", enabled: false);
        var failing = await WebhookAsync("Failing");
        await using (var db = await Get<IDbContextFactory<NotifyBridgeDbContext>>().CreateDbContextAsync())
            await db.Targets.Where(t => t.Id == failing.Id).ExecuteUpdateAsync(s => s
                .SetProperty(t => t.ConsecutiveFailures, 5).SetProperty(t => t.CircuitOpenUntil, DateTime.UtcNow.AddMinutes(5)));

        var page = Render<TargetsPage>();

        page.WaitForAssertion(() => Assert.Equal(["circuit open", "enabled", "disabled"], page.FindAll("[data-testid=target-status]").Select(c => c.TextContent.Trim())));
    }

    [Fact]
    public async Task Targets_SendTestFromTheRow_ShowsTheResultUnderIt()
    {
        Get<FakeNotifiers>().Respond = _ => SendResult.Failed(401, "Unauthorized");
        await WebhookAsync("Hook");
        var page = Render<TargetsPage>();

        page.WaitForElement("[data-testid=test-target]").Click();

        page.WaitForAssertion(() => Assert.Equal("HTTP 401: Unauthorized", page.Find("[data-testid=test-error]").TextContent));
    }

    [Fact]
    public async Task Targets_Delete_SaysWhatGoesWithIt_AndDeletesAfterConfirming()
    {
        var hook = await WebhookAsync("Hook");
        var provider = await ProviderAsync();
        await Get<LinkService>().CreateAsync(UserId, new LinkInput(provider.Id, hook.Id), Ct);
        var dialogs = Render<MudDialogProvider>();
        var page = Render<TargetsPage>();

        page.WaitForElement("[data-testid=delete-target]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Its 1 link(s) are deleted too.", dialogs.Markup, StringComparison.Ordinal));
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Delete").Click();

        page.WaitForElement("[data-testid=targets-empty]");
        Assert.Empty(await Get<TargetService>().ListAsync(UserId, Ct));
        Assert.Empty(await Get<LinkService>().ListAsync(UserId, Ct));
    }

    [Fact]
    public async Task Links_ListSummarisesEventsAndQuietHours()
    {
        var hook = await WebhookAsync("Hook");
        var provider = await ProviderAsync();
        await Get<LinkService>().CreateAsync(UserId, new LinkInput(provider.Id, hook.Id, ["push"], QuietStart: new TimeOnly(22, 0), QuietEnd: new TimeOnly(7, 0),
            BurstWindowSeconds: 60), Ct);

        var page = Render<LinksPage>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=link-row]")));
        Assert.Contains("Forge", page.Find("[data-testid=link-row]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Quiet 22:00–07:00 daily", page.Markup, StringComparison.Ordinal);
        Assert.Contains("Bursts of 60 s merged", page.Markup, StringComparison.Ordinal);
    }
}

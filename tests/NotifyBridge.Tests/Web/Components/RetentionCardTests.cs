using Bunit;
using NotifyBridge.Domain.Providers;
using NotifyBridge.Infrastructure.Providers;
using NotifyBridge.Tests.TestSupport;
using NotifyBridge.Web.Components.Pages.Settings;

namespace NotifyBridge.Tests.Web.Components;

/// <summary>The Settings page's storage and retention card against the real retention service.</summary>
public sealed class RetentionCardTests : InfrastructureComponentTestBase
{
    [Fact]
    public async Task RetentionCard_ShowsRowsPerTable_AndNeverForTheLastRun()
    {
        await SignInAsync();
        var forge = await Get<ProviderService>().CreateAsync(UserId, new ProviderInput("Forge", ProviderType.Gitea), CancellationToken.None);
        await InsertEventsAsync(NewEvent(forge, "One", DateTime.UtcNow), NewEvent(forge, "Two", DateTime.UtcNow));

        var card = Render<RetentionCard>(p => p.Add(c => c.IsAdmin, false));

        card.WaitForAssertion(() => Assert.Equal("2", card.Find("[data-testid=row-count][data-table=Events] td:last-child").TextContent));
        Assert.Equal("0", card.Find("[data-testid=row-count][data-table=WebhookPayloadLog] td:last-child").TextContent);
        Assert.Equal("never", card.Find("[data-testid=last-retention-run]").TextContent.Trim());
        Assert.Contains("0 keeps everything forever.", card.Markup, StringComparison.Ordinal);
        Assert.Empty(card.FindAll("[data-testid=run-retention]"));
    }

    [Fact]
    public async Task RetentionCard_AfterARun_ShowsIt_AndAdminsGetTheRunButton()
    {
        await SignInAsync(admin: true);
        await Get<NotifyBridge.Infrastructure.Retention.RetentionService>().RunAsync(CancellationToken.None);

        var card = Render<RetentionCard>(p => p.Add(c => c.IsAdmin, true));

        card.WaitForAssertion(() => Assert.Contains("removed 0 rows", card.Find("[data-testid=last-retention-run]").TextContent, StringComparison.Ordinal));
        Assert.Single(card.FindAll("[data-testid=run-retention]"));
    }
}

using Bunit;
using MudBlazor;
using NotifyBridge.Domain.Events;
using NotifyBridge.Domain.Providers;
using NotifyBridge.Infrastructure.Providers;
using NotifyBridge.Tests.TestSupport;
using NotifyBridge.Web.Components.Pages.Dashboard;

namespace NotifyBridge.Tests.Web.Components;

/// <summary>The dashboard against the real event log, counters and event stream on SQLite.</summary>
public sealed class DashboardTests : InfrastructureComponentTestBase
{
    private ProviderView _forge = null!;
    private ProviderView _script = null!;
    private DateTime _start;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SignInAsync();
        var providers = Get<ProviderService>();
        _forge = await providers.CreateAsync(UserId, new ProviderInput("Forge", ProviderType.Gitea), CancellationToken.None);
        _script = await providers.CreateAsync(UserId, new ProviderInput("Script", ProviderType.GenericWebhook), CancellationToken.None);
        _start = DateTime.UtcNow.AddMinutes(-30);
        await InsertEventsAsync(
            NewEvent(_forge, "First push", _start),
            NewEvent(_script, "Backup done", _start.AddMinutes(1), "webhook"),
            NewEvent(_forge, "Second push", _start.AddMinutes(2)));
    }

    [Fact]
    public void Dashboard_WithEvents_ListsThemNewestFirst_AndCountsFromCounters()
    {
        var page = Render<Home>();

        page.WaitForAssertion(() => Assert.Equal(["Second push", "Backup done", "First push"], Titles(page)));
        Assert.Contains("3", page.Find("[data-testid=stat-events]").TextContent, StringComparison.Ordinal);
        Assert.Equal(2, page.FindAll("[data-testid=provider-count]").Count);
        Assert.Empty(page.FindAll("[data-testid=events-empty]"));
    }

    [Fact]
    public async Task Dashboard_FilteredByProvider_ShowsOnlyThatProvidersEvents()
    {
        var page = Render<Home>();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=event-row]").Count));

        var providerFilter = page.FindComponent<MudSelect<long?>>();
        await page.InvokeAsync(() => providerFilter.Instance.ValueChanged.InvokeAsync(_script.Id));

        page.WaitForAssertion(() => Assert.Equal(["Backup done"], Titles(page)));
    }

    [Fact]
    public async Task Dashboard_NewEventPublished_AppearsAtTheTopWithoutAnyAction()
    {
        var page = Render<Home>();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=event-row]").Count));

        var fresh = (await InsertEventsAsync(NewEvent(_forge, "Live push", DateTime.UtcNow)))[0];
        // Published from another thread, as the ingest writer does after its commit.
        await Task.Run(() => Get<IEventStream>().Publish(
            [new EventNotice(fresh.Id, UserId, fresh.ProviderId, fresh.EventType, fresh.CreatedAt)]));

        page.WaitForAssertion(() => Assert.Equal("Live push", Titles(page)[0]), TimeSpan.FromSeconds(2));
        Assert.Equal(4, page.FindAll("[data-testid=event-row]").Count);
        page.WaitForAssertion(() => Assert.Contains("4", page.Find("[data-testid=stat-events]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dashboard_ReadingOldestFirst_NewEventsWaitBehindAChip_ThatShowsThemNewestFirst()
    {
        var page = Render<Home>();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=event-row]").Count));
        var order = page.FindComponent<MudSelect<bool>>();
        await page.InvokeAsync(() => order.Instance.ValueChanged.InvokeAsync(true));
        page.WaitForAssertion(() => Assert.Equal(["First push", "Backup done", "Second push"], Titles(page)));

        var fresh = (await InsertEventsAsync(NewEvent(_forge, "Live push", DateTime.UtcNow)))[0];
        await Task.Run(() => Get<IEventStream>().Publish(
            [new EventNotice(fresh.Id, UserId, fresh.ProviderId, fresh.EventType, fresh.CreatedAt)]));

        page.WaitForAssertion(() => Assert.Contains("1 new event", page.Find("[data-testid=new-events]").TextContent, StringComparison.Ordinal));
        Assert.Equal("First push", Titles(page)[0]);
        page.Find("[data-testid=new-events]").Click();
        page.WaitForAssertion(() => Assert.Equal(["Live push", "Second push", "Backup done", "First push"], Titles(page)));
        Assert.Empty(page.FindAll("[data-testid=new-events]"));
    }

    [Fact]
    public async Task Dashboard_FilterChangesInABurst_OnlyTheLastOneApplies()
    {
        var page = Render<Home>();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=event-row]").Count));
        var providerFilter = page.FindComponent<MudSelect<long?>>();

        var first = page.InvokeAsync(() => providerFilter.Instance.ValueChanged.InvokeAsync(_forge.Id));
        var second = page.InvokeAsync(() => providerFilter.Instance.ValueChanged.InvokeAsync(_script.Id));
        await Task.WhenAll(first, second);

        page.WaitForAssertion(() => Assert.Equal(["Backup done"], Titles(page)));
    }

    private static List<string> Titles(IRenderedComponent<Home> page) =>
        [.. page.FindAll("[data-testid=event-row] .nb-event-title").Select(e => e.TextContent)];
}

/// <summary>The dashboard of someone who has received nothing yet.</summary>
public sealed class EmptyDashboardTests : InfrastructureComponentTestBase
{
    [Fact]
    public async Task Dashboard_WithoutEvents_ExplainsHowToGetTheFirstOne()
    {
        await SignInAsync();
        var page = Render<Home>();

        page.WaitForAssertion(() =>
            Assert.Contains("Add a provider", page.Find("[data-testid=events-empty]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=provider-counts]"));
    }
}

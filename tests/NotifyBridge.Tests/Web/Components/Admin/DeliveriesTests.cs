using Bunit;
using MudBlazor;
using NotifyBridge.Domain.Deliveries;
using NotifyBridge.Infrastructure.Deliveries;
using NotifyBridge.Tests.TestSupport.Admin;
using NotifyBridge.Web.Components.Pages.Deliveries;

namespace NotifyBridge.Tests.Web.Components.Admin;

/// <summary>The Deliveries page and the event dialog's deliveries section on real data.</summary>
public sealed class DeliveriesTests : AdminComponentTestBase
{
    [Fact]
    public async Task Deliveries_StatusChipsCount_AndFilter()
    {
        var hook = await WebhookAsync("Hook");
        var provider = await ProviderAsync();
        var push = await EventAsync(provider, "Pushed to main");
        await DeliveryAsync(hook.Id, DeliveryStatus.Delivered, push.Id);
        await DeliveryAsync(hook.Id, DeliveryStatus.Dead, push.Id, "HTTP 500: boom", 8);
        await DeliveryAsync(hook.Id, DeliveryStatus.Dead, error: "timeout", attempts: 8);

        var page = Render<DeliveriesPage>();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=delivery-row]").Count));
        Assert.Contains("dead (2)", page.Find("[data-testid=delivery-filter-dead]").TextContent, StringComparison.Ordinal);
        Assert.Contains("all (3)", page.Find("[data-testid=delivery-filter-all]").TextContent, StringComparison.Ordinal);

        var chips = page.FindComponent<MudChipSet<string>>();
        await page.InvokeAsync(() => chips.Instance.SelectedValueChanged.InvokeAsync("dead"));

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=delivery-row]").Count));
        Assert.All(page.FindAll("[data-testid=delivery-status]"), chip => Assert.Equal("dead", chip.GetAttribute("data-status")));
        Assert.Equal(["timeout", "HTTP 500: boom"], page.FindAll("[data-testid=delivery-error]").Select(e => e.TextContent));
        Assert.Equal(2, page.FindAll("[data-testid=redeliver]").Count);
    }

    [Fact]
    public async Task Deliveries_SendingChip_ShowsOnlyWhileSomethingIsInFlight()
    {
        var hook = await WebhookAsync("Hook");
        var delivered = await DeliveryAsync(hook.Id, DeliveryStatus.Delivered);
        var page = Render<DeliveriesPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=delivery-row]")));
        Assert.Empty(page.FindAll("[data-testid=delivery-filter-sending]"));
        Assert.Single(page.FindAll("[data-testid=delivery-filter-pending]")); // the other chips stay, even at 0

        await SetStatusAsync(delivered.Id, DeliveryStatus.Sending, 0);
        page.Find("[data-testid=deliveries-refresh]").Click();

        page.WaitForAssertion(() => Assert.Contains("sending (1)", page.Find("[data-testid=delivery-filter-sending]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Deliveries_RedeliverAfterConfirming_QueuesItAgain()
    {
        var hook = await WebhookAsync("Hook");
        var dead = await DeliveryAsync(hook.Id, DeliveryStatus.Dead, error: "HTTP 500", attempts: 8);
        var dialogs = Render<MudDialogProvider>();
        var page = Render<DeliveriesPage>();
        page.WaitForElement("[data-testid=redeliver]").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("with a fresh set of retries", dialogs.Markup, StringComparison.Ordinal));
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Redeliver").Click();

        page.WaitForAssertion(() => Assert.Equal("pending", page.Find("[data-testid=delivery-status]").GetAttribute("data-status")));
        Assert.Empty(page.FindAll("[data-testid=redeliver]"));
        Assert.Equal(dead.Id, long.Parse(page.Find("[data-testid=delivery-row]").GetAttribute("data-delivery-id")!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Deliveries_LoadMore_PagesOlderRows()
    {
        var hook = await WebhookAsync("Hook");
        for (var i = 0; i < 55; i++) await DeliveryAsync(hook.Id, DeliveryStatus.Delivered);
        var page = Render<DeliveriesPage>();
        page.WaitForAssertion(() => Assert.Equal(50, page.FindAll("[data-testid=delivery-row]").Count));

        page.Find("[data-testid=deliveries-more]").Click();

        page.WaitForAssertion(() => Assert.Equal(55, page.FindAll("[data-testid=delivery-row]").Count));
        Assert.Empty(page.FindAll("[data-testid=deliveries-more]"));
    }

    [Fact]
    public async Task EventDeliveries_FollowTheWorkerWithoutReload()
    {
        var hook = await WebhookAsync("Hook");
        var provider = await ProviderAsync();
        var push = await EventAsync(provider, "Pushed to main");
        var delivery = await DeliveryAsync(hook.Id, DeliveryStatus.Pending, push.Id, attempts: 0);
        var changes = 0;

        var section = Render<EventDeliveriesSection>(p => p
            .Add(s => s.OwnerId, UserId).Add(s => s.EventId, push.Id)
            .Add(s => s.RefreshInterval, TimeSpan.FromMilliseconds(50))
            .Add(s => s.OnChanged, () => changes++));
        section.WaitForAssertion(() => Assert.Equal("pending", section.Find("[data-testid=delivery-status]").GetAttribute("data-status")));

        await SetStatusAsync(delivery.Id, DeliveryStatus.Dead, 8, "Connection refused");
        section.WaitForAssertion(() => Assert.Equal("dead", section.Find("[data-testid=delivery-status]").GetAttribute("data-status")), TimeSpan.FromSeconds(3));
        Assert.Equal("Connection refused", section.Find("[data-testid=event-delivery-error]").TextContent);

        section.Find("[data-testid=event-redeliver]").Click();
        section.WaitForAssertion(() => Assert.Equal("pending", section.Find("[data-testid=delivery-status]").GetAttribute("data-status")));
        await SetStatusAsync(delivery.Id, DeliveryStatus.Delivered, 1);
        section.WaitForAssertion(() => Assert.Equal("delivered", section.Find("[data-testid=delivery-status]").GetAttribute("data-status")), TimeSpan.FromSeconds(3));
        Assert.True(changes >= 3);
    }

    [Fact]
    public async Task Deliveries_FollowTheDeliveryStream_WithoutAnyAction()
    {
        var hook = await WebhookAsync("Hook");
        var delivery = await DeliveryAsync(hook.Id, DeliveryStatus.Pending, attempts: 0);
        var page = Render<DeliveriesPage>();
        page.WaitForAssertion(() => Assert.Equal("pending", page.Find("[data-testid=delivery-status]").GetAttribute("data-status")));

        await SetStatusAsync(delivery.Id, DeliveryStatus.Delivered, 1);
        await Task.Run(() => Get<IDeliveryStream>().Publish([new DeliveryNotice(delivery.Id, hook.Id, [], DeliveryStatus.Delivered)]));

        page.WaitForAssertion(() => Assert.Equal("delivered", page.Find("[data-testid=delivery-status]").GetAttribute("data-status")), TimeSpan.FromSeconds(2));
        Assert.Contains("delivered (1)", page.Find("[data-testid=delivery-filter-delivered]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EventDeliveries_UpdateOnTheDeliveryStream_BeforeAnyPoll()
    {
        var hook = await WebhookAsync("Hook");
        var push = await EventAsync(await ProviderAsync(), "Pushed to main");
        var delivery = await DeliveryAsync(hook.Id, DeliveryStatus.Pending, push.Id, attempts: 0);
        var section = Render<EventDeliveriesSection>(p => p
            .Add(s => s.OwnerId, UserId).Add(s => s.EventId, push.Id).Add(s => s.RefreshInterval, TimeSpan.FromHours(1)));
        section.WaitForAssertion(() => Assert.Equal("pending", section.Find("[data-testid=delivery-status]").GetAttribute("data-status")));

        await SetStatusAsync(delivery.Id, DeliveryStatus.Delivered, 1);
        await Task.Run(() => Get<IDeliveryStream>().Publish([new DeliveryNotice(delivery.Id, hook.Id, [push.Id], DeliveryStatus.Delivered)]));

        section.WaitForAssertion(() => Assert.Equal("delivered", section.Find("[data-testid=delivery-status]").GetAttribute("data-status")), TimeSpan.FromSeconds(2));
    }
}

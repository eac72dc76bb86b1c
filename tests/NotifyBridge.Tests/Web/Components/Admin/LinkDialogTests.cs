using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using NotifyBridge.Infrastructure.Links;
using NotifyBridge.Tests.TestSupport.Admin;
using NotifyBridge.Web.Components.Pages.Links;

namespace NotifyBridge.Tests.Web.Components.Admin;

/// <summary>The link dialog's quiet-hours fields against the real link service.</summary>
public sealed class LinkDialogTests : AdminComponentTestBase
{
    [Fact]
    public async Task QuietHours_AreHiddenUntilSwitchedOn_ThenSavedWithTheChosenDays()
    {
        await ProviderAsync();
        await WebhookAsync("Hook");
        var host = Render<MudDialogProvider>();
        var dialog = await ShowAsync(host);
        Assert.Empty(host.FindAll("[data-testid=link-quiet-days]"));

        await host.InvokeAsync(() => QuietSwitch(host).ValueChanged.InvokeAsync(true));
        host.WaitForElement("[data-testid=link-quiet-days]");
        Assert.Equal(2, host.FindComponents<MudTimePicker>().Count);
        host.Find("[data-testid=link-quiet-day-sat]").Click();
        host.Find("[data-testid=link-quiet-day-sun]").Click();
        host.Find("[data-testid=save-link]").Click();

        Assert.False((await dialog.Result.WaitAsync(TimeSpan.FromSeconds(5)))!.Canceled);
        var link = Assert.Single(await Get<LinkService>().ListAsync(UserId, Ct));
        Assert.Equal((new TimeOnly(22, 0), new TimeOnly(7, 0)), (link.QuietStart, link.QuietEnd));
        Assert.Equal(0b0111110, link.QuietDaysMask);
    }

    [Fact]
    public async Task QuietHours_WithoutAnEnd_ShowTheError_AndNothingIsSaved()
    {
        await ProviderAsync();
        await WebhookAsync("Hook");
        var host = Render<MudDialogProvider>();
        await ShowAsync(host);
        await host.InvokeAsync(() => QuietSwitch(host).ValueChanged.InvokeAsync(true));
        host.WaitForElement("[data-testid=link-quiet-days]");

        var end = host.FindComponents<MudTimePicker>()[1];
        await host.InvokeAsync(() => end.Instance.TimeChanged.InvokeAsync(null));
        host.Find("[data-testid=save-link]").Click();

        host.WaitForAssertion(() => Assert.Contains("Quiet hours need both a start and an end (or neither).", host.Markup, StringComparison.Ordinal));
        Assert.Empty(await Get<LinkService>().ListAsync(UserId, Ct));
    }

    [Fact]
    public async Task NoDaysChosen_IsRefusedWithItsMessage()
    {
        await ProviderAsync();
        await WebhookAsync("Hook");
        var host = Render<MudDialogProvider>();
        await ShowAsync(host);
        await host.InvokeAsync(() => QuietSwitch(host).ValueChanged.InvokeAsync(true));
        var days = host.FindComponents<MudChipSet<DayOfWeek>>().Single();
        await host.InvokeAsync(() => days.Instance.SelectedValuesChanged.InvokeAsync([]));
        host.Find("[data-testid=save-link]").Click();

        host.WaitForAssertion(() => Assert.Contains("Choose at least one day for quiet hours.", host.Markup, StringComparison.Ordinal));
    }

    private static MudSwitch<bool> QuietSwitch(IRenderedComponent<MudDialogProvider> host) =>
        host.FindComponents<MudSwitch<bool>>().Single(s => s.Instance.Label == "Quiet hours").Instance;

    private async Task<IDialogReference> ShowAsync(IRenderedComponent<MudDialogProvider> host)
    {
        var providers = await Get<NotifyBridge.Infrastructure.Providers.ProviderService>().ListAsync(UserId, Ct);
        var targets = await Get<NotifyBridge.Infrastructure.Targets.TargetService>().ListAsync(UserId, Ct);
        IDialogReference? reference = null;
        await host.InvokeAsync(async () => reference = await Services.GetRequiredService<IDialogService>().ShowAsync<LinkDialog>("Link",
            new DialogParameters<LinkDialog> { { d => d.OwnerId, UserId }, { d => d.Providers, providers }, { d => d.Targets, targets } }));
        host.WaitForElement("[data-testid=save-link]");
        return reference!;
    }
}

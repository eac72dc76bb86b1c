using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace NotifyBridge.E2E.Pages;

/// <summary><c>/deliveries</c>: every message to every target, filtered by status, with Redeliver for dead ones.</summary>
public sealed class DeliveriesPage(IPage page)
{
    public const string Title = "Deliveries";

    /// <summary>The rows shown (delivery-row marks the first cell: MudTable passes no attributes to &lt;tr&gt;).</summary>
    public ILocator Rows => page.Locator("tr").Filter(new() { Has = page.GetByTestId("delivery-row") });

    public ILocator Row(string deliveryId) =>
        page.Locator("tr").Filter(new() { Has = page.Locator($"[data-testid=delivery-row][data-delivery-id='{deliveryId}']") });

    public ILocator StatusOf(ILocator row) => row.GetByTestId("delivery-status");

    public ILocator ErrorOf(ILocator row) => row.GetByTestId("delivery-error");

    /// <summary>Clicks the status chip (all, pending, sending, delivered, dead, cancelled).</summary>
    public async Task FilterAsync(string status)
    {
        await page.GetByTestId($"delivery-filter-{status}").ClickAsync();
    }

    public static async Task<string> IdOfAsync(ILocator row) =>
        await row.GetByTestId("delivery-row").GetAttributeAsync("data-delivery-id") ?? throw new InvalidOperationException("A delivery row without its id.");

    /// <summary>The row's Redeliver, confirmed in the message box.</summary>
    public async Task RedeliverAsync(ILocator row)
    {
        await row.GetByTestId("redeliver").ClickAsync();
        var confirm = page.Locator(".mud-dialog").Filter(new() { HasText = "Redeliver?" });
        await Expect(confirm).ToBeVisibleAsync();
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Redeliver", Exact = true }).ClickAsync();
        await Expect(confirm).ToHaveCountAsync(0);
    }
}

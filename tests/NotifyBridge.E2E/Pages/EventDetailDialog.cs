using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace NotifyBridge.E2E.Pages;

/// <summary>The dashboard's event detail dialog, with its live "Deliveries" section.</summary>
public sealed class EventDetailDialog(IPage page)
{
    public ILocator Detail => page.GetByTestId("event-detail");

    /// <summary>The event's row in the dashboard list.</summary>
    public static ILocator RowOf(IPage page, long eventId) =>
        page.Locator($"[data-testid=event-row][data-event-id='{eventId}']");

    /// <summary>The delivery to the target named <paramref name="target"/>.</summary>
    public ILocator Delivery(string target) => Detail.GetByTestId("event-delivery").Filter(new() { HasText = target });

    public ILocator StatusOf(string target) => Delivery(target).GetByTestId("delivery-status");

    public ILocator ErrorOf(string target) => Delivery(target).GetByTestId("event-delivery-error");

    /// <summary>The event's dispatch status (Pending, Delivered, …), re-read when a delivery moves.</summary>
    public ILocator DispatchStatus => Detail.GetByTestId("event-dispatch-status");

    /// <summary>Scrolls the dialog to its Deliveries section (below the event's details).</summary>
    public Task ShowDeliveriesAsync() => Detail.GetByTestId("event-deliveries").ScrollIntoViewIfNeededAsync();

    public async Task OpenAsync(long eventId)
    {
        var row = RowOf(page, eventId);
        await Expect(row).ToBeVisibleAsync();
        await row.ClickAsync();
        await Expect(Detail).ToBeVisibleAsync();
        await Expect(Detail.GetByTestId("event-deliveries")).ToBeVisibleAsync();
    }

    public async Task CloseAsync()
    {
        await page.GetByTestId("close-event-detail").ClickAsync();
        await Expect(Detail).ToHaveCountAsync(0);
    }
}

using Microsoft.Playwright;

namespace NotifyBridge.E2E.Pages;

internal static class MudInputs
{
    /// <summary>
    /// The text box of a MudTextField / MudNumericField given <c>data-testid</c>. MudBlazor 9
    /// puts unmatched attributes on the &lt;input&gt; itself (checked in the rendered DOM); the
    /// descendant form keeps working should a later version put them on the wrapper.
    /// </summary>
    public static ILocator ByTestId(IPage page, string testId) =>
        page.Locator($"input[data-testid={testId}], [data-testid={testId}] input");
}

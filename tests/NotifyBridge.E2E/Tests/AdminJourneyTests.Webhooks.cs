using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NotifyBridge.E2E.Infrastructure;
using NotifyBridge.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace NotifyBridge.E2E.Tests;

/// <summary>The journey goes on: a Gitea provider, real Gitea deliveries, a live dashboard.</summary>
public sealed partial class AdminJourneyTests
{
    private const string ProviderName = "Team Gitea";
    private static string _webhookUrl = "";
    private static string _webhookSecret = "";

    [Fact, Step(13)]
    public Task A_Gitea_provider_gets_a_webhook_url_and_secret() => session.RunStepAsync(13, async () =>
    {
        await Shell.GotoAsync("/", "Dashboard");
        await Shell.NavigateAsync("Providers", ProvidersPage.Title);
        var providers = new ProvidersPage(Page);
        await providers.CreateAsync(ProviderName, "Gitea");
        (_webhookUrl, _webhookSecret) = await providers.WebhookOfAsync(ProviderName);
        Assert.Contains("/api/webhooks/", _webhookUrl, StringComparison.Ordinal);
        Assert.True(_webhookSecret.Length >= 16, "a generated secret");
        await session.ScreenshotAsync("provider-created");
    });

    [Fact, Step(14)]
    public Task Real_Gitea_deliveries_appear_live_on_the_open_dashboard() => session.RunStepAsync(14, async () =>
    {
        await Shell.NavigateAsync("Dashboard", "Dashboard");
        var rows = Page.GetByTestId("event-row");
        await Expect(rows).ToHaveCountAsync(0);

        using (var push = await SendGiteaAsync("push", _webhookSecret))
            Assert.Equal(HttpStatusCode.OK, push.StatusCode);
        // No reload: the row is pushed over the circuit by the in-process event stream.
        await Expect(rows.First).ToContainTextAsync("pushed", new() { Timeout = 5_000 });
        await session.ScreenshotAsync("dashboard-live-push");

        using (var release = await SendGiteaAsync("release_published", _webhookSecret))
            Assert.Equal(HttpStatusCode.OK, release.StatusCode);
        await Expect(rows.First).ToContainTextAsync("release", new() { Timeout = 5_000 });
        await Expect(rows).ToHaveCountAsync(2);

        await rows.First.ClickAsync();
        var detail = Page.GetByTestId("event-detail");
        await Expect(detail).ToBeVisibleAsync();
        await Expect(detail).ToContainTextAsync("release_published");
        await session.ScreenshotAsync("event-detail");
        await Page.Keyboard.PressAsync("Escape");
    });

    [Fact, Step(15)]
    public Task A_delivery_with_a_wrong_signature_is_refused_and_nothing_appears() => session.RunStepAsync(15, async () =>
    {
        using var refused = await SendGiteaAsync("push", "not-the-secret");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        await Page.ReloadAsync();
        await Shell.WaitForInteractivePageAsync("Dashboard");
        await Expect(Page.GetByTestId("event-row")).ToHaveCountAsync(2);
        await session.ScreenshotAsync("dashboard-after-refused");
    });

    /// <summary>
    /// Posts a fixture's exact bytes with all its Gitea headers, signed with <paramref name="secret"/>.
    /// A <paramref name="deliveryId"/> replaces the fixture's delivery UUID, so posting it again is a
    /// new delivery rather than a duplicate.
    /// </summary>
    private async Task<HttpResponseMessage> SendGiteaAsync(string fixture, string secret, string? deliveryId = null)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "Fixtures");
        var body = await File.ReadAllBytesAsync(Path.Combine(directory, fixture + ".json"));
        using var headers = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(directory, fixture + ".headers.json")));
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_webhookUrl)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var header in headers.RootElement.GetProperty("headers").EnumerateObject())
        {
            if (header.Name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) continue;
            request.Headers.TryAddWithoutValidation(header.Name, header.Value.GetString());
        }
        if (deliveryId is not null)
        {
            foreach (var name in (string[])["X-Gitea-Delivery", "X-Gogs-Delivery", "X-GitHub-Delivery"])
            {
                request.Headers.Remove(name);
                request.Headers.TryAddWithoutValidation(name, deliveryId);
            }
        }
        request.Headers.Remove("X-Gitea-Signature");
        request.Headers.TryAddWithoutValidation("X-Gitea-Signature",
            Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body)));
        using var http = session.App.CreateApiClient();
        return await http.SendAsync(request);
    }
}

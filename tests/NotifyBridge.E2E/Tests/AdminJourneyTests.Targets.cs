using System.Globalization;
using System.Net;
using System.Text.Json;
using NotifyBridge.E2E.Infrastructure;
using NotifyBridge.E2E.Pages;
using NotifyBridge.Tests.TestSupport.Fakes.Telegram;
using static Microsoft.Playwright.Assertions;

namespace NotifyBridge.E2E.Tests;

/// <summary>
/// The journey goes on: a Telegram target against the fake Bot API, a link from the Gitea
/// provider, a real Gitea push delivered while the event dialog watches, and a dead delivery
/// redelivered from the Deliveries page.
/// </summary>
public sealed partial class AdminJourneyTests
{
    private const string TargetName = "Alice on Telegram";
    private const long TelegramChat = FakeTelegramBotApi.PrivateChatId;

    private FakeTelegramBotApi Telegram => session.App.Telegram;

    [Fact, Step(16)]
    public Task A_Telegram_target_against_the_fake_Bot_API_passes_Send_test() => session.RunStepAsync(16, async () =>
    {
        await Shell.NavigateAsync("Targets", TargetsPage.Title);
        var targets = new TargetsPage(Page);
        await Expect(Page.GetByTestId("targets-empty")).ToBeVisibleAsync();

        await targets.StartTelegramTargetAsync(TargetName);
        await targets.AddBotAsync(FakeTelegramBotApi.DefaultToken, Telegram.BaseUrl, "@" + FakeTelegramBotApi.DefaultBotUsername);
        Assert.Contains(Telegram.Requests, r => r.Method == "getMe" && r.Status == 200);
        await targets.SetChatAsync(TelegramChat.ToString(CultureInfo.InvariantCulture));

        // "Send test" from the dialog, before saving: exactly one message, the sample, in that chat.
        await targets.SendTestFromDialogAsync();
        await Expect(targets.Dialog.GetByTestId("test-result")).ToHaveAttributeAsync("data-succeeded", "true");
        var test = Assert.Single(Telegram.Messages);
        Assert.Equal(TelegramChat, test.ChatId);
        Assert.Equal("sendMessage", test.Method);
        Assert.Contains("Test message from NotifyBridge", test.PlainText, StringComparison.Ordinal);
        Assert.Contains($"the target {TargetName} works", test.PlainText, StringComparison.Ordinal);
        await session.ScreenshotAsync("target-test-sent");

        await targets.SaveAsync(TargetName);
        await Expect(targets.Row(TargetName)).ToContainTextAsync($"chat {TelegramChat}");
        await Expect(targets.Row(TargetName).GetByTestId("target-status")).ToHaveTextAsync("enabled");
        await Expect(Page.GetByTestId("bot-row")).ToContainTextAsync("1 target");

        // The saved target's own "Send test" button reaches the same chat.
        await targets.SendTestFromRowAsync(TargetName);
        await Expect(targets.TestResult).ToHaveAttributeAsync("data-succeeded", "true");
        Assert.Equal(2, Telegram.MessagesIn(TelegramChat).Count);
        Assert.Contains("Test message from NotifyBridge", Telegram.Messages[^1].PlainText, StringComparison.Ordinal);
        await session.ScreenshotAsync("target-saved");
    });

    [Fact, Step(17)]
    public Task The_Gitea_provider_is_linked_to_the_Telegram_target() => session.RunStepAsync(17, async () =>
    {
        await Shell.NavigateAsync("Links", LinksPage.Title);
        var links = new LinksPage(Page);
        await Expect(Page.GetByTestId("links-empty")).ToBeVisibleAsync();

        await links.CreateAsync(ProviderName, TargetName);

        await Expect(links.Row(ProviderName, TargetName)).ToContainTextAsync("Always, at once");
        await Expect(links.EnabledSwitch(ProviderName, TargetName)).ToBeCheckedAsync();
        await session.ScreenshotAsync("link-created");
    });

    [Fact, Step(18)]
    public Task A_real_Gitea_push_is_delivered_to_Telegram_while_the_event_dialog_watches() => session.RunStepAsync(18, async () =>
    {
        await Shell.NavigateAsync("Dashboard", "Dashboard");
        // Set on this very document: still there at the end means no reload happened.
        await Page.EvaluateAsync("() => { window.__nbSameDocument = true; }");
        var sent = Telegram.MessagesIn(TelegramChat).Count;
        // The first attempt meets flood control, so the dialog sees the delivery waiting before it is delivered.
        Telegram.FloodChat(TelegramChat, retryAfterSeconds: 5);

        var eventId = await PostPushAsync();
        var dialog = new EventDetailDialog(Page);
        await dialog.OpenAsync(eventId);
        await Expect(dialog.ErrorOf(TargetName)).ToContainTextAsync("Too Many Requests: retry after 5");
        await Expect(dialog.StatusOf(TargetName)).ToHaveAttributeAsync("data-status", "pending");
        await Expect(dialog.DispatchStatus).ToHaveTextAsync("Pending");
        await dialog.ShowDeliveriesAsync();
        await session.ScreenshotAsync("event-delivery-waiting", fullPage: false);

        await Expect(dialog.StatusOf(TargetName)).ToHaveAttributeAsync("data-status", "delivered", new() { Timeout = 30_000 });
        await Expect(dialog.Delivery(TargetName)).ToContainTextAsync("2 attempts");
        await Expect(dialog.ErrorOf(TargetName)).ToHaveCountAsync(0);
        await Expect(dialog.DispatchStatus).ToHaveTextAsync("Delivered");
        Assert.True(await Page.EvaluateAsync<bool>("() => window.__nbSameDocument === true"), "The page was reloaded.");
        await dialog.ShowDeliveriesAsync();
        await session.ScreenshotAsync("event-delivery-delivered", fullPage: false);

        var messages = Telegram.MessagesIn(TelegramChat);
        Assert.Equal(sent + 1, messages.Count);
        AssertIsThePush(messages[^1]);
        await dialog.CloseAsync();
    });

    [Fact, Step(19)]
    public Task A_dead_delivery_shows_the_upstream_error_and_is_redelivered_from_the_Deliveries_page() => session.RunStepAsync(19, async () =>
    {
        var sent = Telegram.MessagesIn(TelegramChat).Count;
        // A permanent answer: no retry, the delivery is dead at once.
        Telegram.FailNext(1, 400, "Bad Request: chat not found", method: "sendMessage");
        await PostPushAsync();

        await Shell.NavigateAsync("Deliveries", DeliveriesPage.Title);
        var deliveries = new DeliveriesPage(Page);
        await deliveries.FilterAsync("dead");
        // The page follows the delivery stream: the row appears when the attempt's outcome is written.
        await Expect(deliveries.Rows).ToHaveCountAsync(1);
        var dead = deliveries.Rows.First;
        await Expect(deliveries.StatusOf(dead)).ToHaveAttributeAsync("data-status", "dead");
        await Expect(deliveries.ErrorOf(dead)).ToHaveTextAsync("HTTP 400: Bad Request: chat not found");
        await Expect(dead).ToContainTextAsync(TargetName);
        // On a desktop-sized screen the action is on screen, not behind a horizontal scroll.
        await Expect(dead.GetByTestId("redeliver")).ToBeInViewportAsync();
        Assert.Contains(Telegram.Requests, r => r.Method == "sendMessage" && r.Status == 400 && r.Response.Contains("Bad Request: chat not found", StringComparison.Ordinal));
        Assert.Equal(sent, Telegram.MessagesIn(TelegramChat).Count);
        await session.ScreenshotAsync("delivery-dead");

        var id = await DeliveriesPage.IdOfAsync(dead);
        await deliveries.RedeliverAsync(dead);
        await Expect(Page.Locator(".mud-snackbar")).ToContainTextAsync("Queued for redelivery.");

        await deliveries.FilterAsync("all");
        var row = deliveries.Row(id);
        await Expect(deliveries.StatusOf(row)).ToHaveAttributeAsync("data-status", "delivered", new() { Timeout = 30_000 });
        await Expect(deliveries.Rows).ToHaveCountAsync(2);
        await Expect(Page.GetByTestId("delivery-filter-dead")).ToContainTextAsync("dead (0)");
        var messages = Telegram.MessagesIn(TelegramChat);
        Assert.Equal(sent + 1, messages.Count);
        AssertIsThePush(messages[^1]);
        await session.ScreenshotAsync("delivery-redelivered");
    });

    /// <summary>Posts the push fixture as a new Gitea delivery; returns the stored event's id.</summary>
    private async Task<long> PostPushAsync()
    {
        using var response = await SendGiteaAsync("push", _webhookSecret, Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(body.RootElement.GetProperty("duplicate").GetBoolean());
        return body.RootElement.GetProperty("eventId").GetInt64();
    }

    /// <summary>The push fixture as the push template renders it: who pushed, where, and the commit.</summary>
    private static void AssertIsThePush(FakeTelegramMessage message)
    {
        Assert.Equal("sendMessage", message.Method);
        Assert.Equal("HTML", message.ParseMode, ignoreCase: true);
        var text = message.PlainText ?? "";
        Assert.Contains("pushed", text, StringComparison.Ordinal);
        Assert.Contains("example/example", text, StringComparison.Ordinal);
        Assert.Contains("master", text, StringComparison.Ordinal);
    }
}

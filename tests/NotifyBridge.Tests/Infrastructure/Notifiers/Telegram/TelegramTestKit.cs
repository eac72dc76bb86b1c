using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using NotifyBridge.Domain.Notifications;
using NotifyBridge.Domain.Targets;
using NotifyBridge.Infrastructure.Net;
using NotifyBridge.Infrastructure.Notifiers.Telegram;
using NotifyBridge.Tests.TestSupport.Fakes.Telegram;

namespace NotifyBridge.Tests.Infrastructure.Notifiers.Telegram;

/// <summary>The fake Bot API, started once per test class and reset before each test.</summary>
public sealed class FakeTelegramFixture : IAsyncLifetime
{
    public FakeTelegramBotApi Api { get; private set; } = null!;

    public async Task InitializeAsync() => Api = await FakeTelegramBotApi.StartAsync();

    public async Task DisposeAsync() => await Api.DisposeAsync();
}

/// <summary>Builders for the Telegram notifier tests.</summary>
public static class TelegramTestKit
{
    /// <summary>The notifier's registrations over a plain "outbound" client (the network policy has its own test).</summary>
    public static ServiceProvider Services(Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddHttpClient(OutboundHttp.ClientName);
        services.AddTelegramNotifier();
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    public static NotifierTarget Target(
        FakeTelegramBotApi api,
        string chatId,
        int? threadId = null,
        bool silent = false,
        bool disableLinkPreview = true,
        string token = FakeTelegramBotApi.DefaultToken) =>
        new(Id: 7, Name: "Ops chat", TargetType.Telegram,
            new TelegramTargetSettings(chatId, threadId, silent, disableLinkPreview),
            TargetSecrets.Empty,
            new TelegramBotCredentials(BotId: FakeTelegramBotApi.DefaultBotId, Token: token, ApiBaseUrl: api.BaseUrl));

    public static NotificationMessage Message(string title = "[org/repo] New push to main", string body = "1 commit by <i>alice</i>", string? url = null, params MessageAsset[] assets) => new()
    {
        EventType = "push",
        Locale = "en",
        Title = title,
        BodyHtml = body,
        Url = url,
        Assets = assets,
    };

    public static MessageAsset[] Photos(int count, int from = 1) =>
        [.. Enumerable.Range(from, count).Select(i => new MessageAsset($"https://photos.example.com/assets/{i:D3}/preview.jpg", $"IMG_{i:D4}.jpg"))];

    private static int _attempt;

    public static DeliveryAttempt Attempt(string? key = null) =>
        new(DeliveryId: 42, IdempotencyKey: key ?? $"delivery-{Interlocked.Increment(ref _attempt)}", AttemptNumber: 1, Timestamp: new DateTimeOffset(2026, 10, 21, 7, 30, 0, TimeSpan.Zero));

    /// <summary>
    /// The requests as a stable, reviewable JSON document: method, content type (without the
    /// multipart boundary) and the body exactly as sent (JSON) or its form fields.
    /// </summary>
    public static string Describe(IEnumerable<FakeTelegramRequest> requests)
    {
        var array = new JsonArray();
        foreach (var request in requests)
        {
            var contentType = request.ContentType?.Split(';')[0];
            var entry = new JsonObject { ["method"] = request.Method, ["content_type"] = contentType };
            entry["body"] = contentType == "application/json" && request.Body is not null
                ? JsonNode.Parse(request.Body)
                : new JsonObject(request.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));
            array.Add(entry);
        }
        return array.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}

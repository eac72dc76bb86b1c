using Microsoft.Extensions.DependencyInjection;
using NotifyBridge.Domain.Notifications;
using NotifyBridge.Infrastructure.Notifiers.Telegram;
using NotifyBridge.Tests.TestSupport.Fakes.Telegram;
using static NotifyBridge.Tests.Infrastructure.Notifiers.Telegram.TelegramTestKit;

using NotifyBridge.Tests.TestSupport;

namespace NotifyBridge.Tests.Infrastructure.Notifiers.Telegram;

/// <summary>The exact requests the notifier sends for representative messages (Golden/Telegram/*.golden.json).</summary>
public sealed class TelegramRequestGoldenTests : IClassFixture<FakeTelegramFixture>, IDisposable
{
    private readonly FakeTelegramBotApi _api;
    private readonly ServiceProvider _services = Services();

    public TelegramRequestGoldenTests(FakeTelegramFixture fixture)
    {
        _api = fixture.Api;
        _api.Reset();
    }

    public void Dispose() => _services.Dispose();

    private static NotificationMessage Push(params MessageAsset[] assets) => new()
    {
        EventType = "push",
        Locale = "en",
        Title = "[org/repo] New push to main by alice",
        BodyHtml = "<a href=\"https://gitea.example.com/org/repo/compare/9836a96...4522cbc\">1 commit</a>: Update README &amp; docs\n<code>4522cbc</code> <i>alice</i>",
        Url = "https://gitea.example.com/org/repo/compare/9836a96...4522cbc",
        Assets = assets,
    };

    private static NotificationMessage Album(int photos) => new()
    {
        EventType = "album.assets_added",
        Locale = "en",
        Title = "Anna added 3 photos to Berlin Trip",
        BodyHtml = "Album <b>Berlin Trip</b> — <i>Brandenburg Gate</i>, <i>Spree</i>",
        Url = "https://immich.example.com/albums/5a1b",
        Assets = Photos(photos),
    };

    private async Task AssertRequestsAsync(string golden, string chatId, NotificationMessage message, int? threadId = null, bool silent = false)
    {
        var notifier = _services.GetRequiredService<TelegramNotifier>();
        var result = await notifier.SendAsync(Target(_api, chatId, threadId, silent), message, Attempt(), CancellationToken.None);
        Assert.True(result.Succeeded, result.Error);
        GoldenFile.AssertMatches($"Telegram/{golden}", Describe(_api.Requests), "json");
    }

    [Fact]
    public Task PlainMessage_ToAGroup() => AssertRequestsAsync("push-message", "-1001000000001", Push());

    [Fact]
    public Task PlainMessage_ToATopicSilently() => AssertRequestsAsync("push-message-topic-silent", "-1001000000001", Push(), threadId: 77, silent: true);

    [Fact]
    public Task OnePhoto_WithCaption() => AssertRequestsAsync("album-one-photo", "100000001", Album(1));

    [Fact]
    public Task ThreePhotos_AsAMediaGroup() => AssertRequestsAsync("album-three-photos", "-1001000000001", Album(3), threadId: 77, silent: true);
}

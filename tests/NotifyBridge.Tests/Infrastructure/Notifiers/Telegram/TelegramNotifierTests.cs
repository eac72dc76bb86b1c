using System.Text;
using Microsoft.Extensions.DependencyInjection;
using NotifyBridge.Domain.Dispatch.Retry;
using NotifyBridge.Domain.Notifications;
using NotifyBridge.Infrastructure.Notifiers.Telegram;
using NotifyBridge.Tests.TestSupport.Fakes.Telegram;
using static NotifyBridge.Tests.Infrastructure.Notifiers.Telegram.TelegramTestKit;

using NotifyBridge.Tests.TestSupport;

namespace NotifyBridge.Tests.Infrastructure.Notifiers.Telegram;

/// <summary>The notifier against the fake Bot API: what arrives in the chat, and how answers map to results.</summary>
public sealed class TelegramNotifierTests : IClassFixture<FakeTelegramFixture>, IDisposable
{
    private const string Group = "-1001000000001";
    private const string Private = "100000001";

    private readonly FakeTelegramBotApi _api;
    private readonly ServiceProvider _services = Services();
    private readonly TelegramNotifier _notifier;

    public TelegramNotifierTests(FakeTelegramFixture fixture)
    {
        _api = fixture.Api;
        _api.Reset();
        _notifier = _services.GetRequiredService<TelegramNotifier>();
    }

    public void Dispose() => _services.Dispose();

    private Task<SendResult> SendAsync(string chatId, NotificationMessage message, int? threadId = null, bool silent = false, bool disableLinkPreview = true, DeliveryAttempt? attempt = null) =>
        _notifier.SendAsync(Target(_api, chatId, threadId, silent, disableLinkPreview), message, attempt ?? Attempt(), CancellationToken.None);

    [Fact]
    public void Notifier_IsRegisteredAsTheTelegramINotifier()
    {
        Assert.Contains(_services.GetServices<INotifier>(), n => n.Type == NotifyBridge.Domain.Targets.TargetType.Telegram && n is TelegramNotifier);
        Assert.NotNull(_services.GetService<TelegramBotValidator>());
    }

    [Fact]
    public void AddTelegramNotifier_Twice_RegistersOneNotifier()
    {
        using var services = Services(s => s.AddTelegramNotifier());
        Assert.Single(services.GetServices<INotifier>(), n => n.Type == NotifyBridge.Domain.Targets.TargetType.Telegram);
    }

    [Fact]
    public async Task SendAsync_PlainMessage_PostsTitleBodyAndLinkAsHtml()
    {
        var result = await SendAsync(Group, Message(url: "https://git.example.com/org/repo/compare/a...b"));

        Assert.Equal(DeliveryOutcome.Success, result.Outcome);
        var sent = Assert.Single(_api.Messages);
        Assert.Equal(result.Receipt, sent.MessageId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(-1001000000001, sent.ChatId);
        Assert.Equal("HTML", sent.ParseMode, ignoreCase: true);
        Assert.Equal(
            "<b>[org/repo] New push to main</b>\n\n1 commit by <i>alice</i>\n\n<a href=\"https://git.example.com/org/repo/compare/a...b\">https://git.example.com/org/repo/compare/a...b</a>",
            sent.Text);
        Assert.Equal("[org/repo] New push to main\n\n1 commit by alice\n\nhttps://git.example.com/org/repo/compare/a...b", sent.PlainText);
        Assert.True(sent.LinkPreviewDisabled);
        Assert.False(sent.DisableNotification);
        Assert.Null(sent.MessageThreadId);
    }

    [Fact]
    public async Task SendAsync_HostileTitle_IsEscapedAndArrivesVerbatim()
    {
        const string hostile = "<script>alert(\"x\")</script> & 'quotes' > <b>not bold</b> &amp;";
        var result = await SendAsync(Private, Message(title: hostile, body: MessageMarkup.Escape(hostile)));

        Assert.True(result.Succeeded, result.Error);
        var sent = Assert.Single(_api.Messages);
        Assert.Equal($"{hostile}\n\n{hostile}", sent.PlainText);
        // Only the title's own <b> is an entity: nothing from the hostile text became markup.
        var entity = Assert.Single(sent.Entities);
        Assert.Equal(new FakeTelegramEntity("bold", 0, hostile.Length), entity);
    }

    [Fact]
    public async Task SendAsync_UrlAlreadyInBody_IsNotRepeated()
    {
        var result = await SendAsync(Group, Message(body: "<a href=\"https://x.test/a?b=1&amp;c=2\">diff</a>", url: "https://x.test/a?b=1&c=2"));

        Assert.True(result.Succeeded);
        Assert.Equal("<b>[org/repo] New push to main</b>\n\n<a href=\"https://x.test/a?b=1&amp;c=2\">diff</a>", Assert.Single(_api.Messages).Text);
    }

    [Fact]
    public async Task SendAsync_LongText_IsSplitIntoMessagesThatEachFit()
    {
        var body = new StringBuilder("<blockquote>");
        for (var i = 1; i <= 120; i++) body.Append("Commit ").Append(i).Append(": <code>fix ").Append(i).Append("</code> — update README &amp; docs for release ").Append(i).Append('\n');
        body.Append("</blockquote>\nEnd of list.");

        var result = await SendAsync(Group, Message(title: "[org/repo] 120 commits to main", body: body.ToString()));

        Assert.True(result.Succeeded, result.Error);
        var sent = _api.Messages;
        Assert.Equal(3, sent.Count);
        Assert.Equal(string.Join(',', sent.Select(m => m.MessageId)), result.Receipt);
        Assert.All(sent, m => Assert.True(m.Text!.Length <= 4096));
        GoldenFile.AssertMatches("Telegram/long-text-split", Describe(_api.Requests), "json");
    }

    [Fact]
    public async Task SendAsync_OnePhoto_SendsPhotoWithTheTextAsCaption()
    {
        var result = await SendAsync(Group, Message(assets: Photos(1)));

        Assert.True(result.Succeeded, result.Error);
        var sent = Assert.Single(_api.Messages);
        Assert.Equal("sendPhoto", sent.Method);
        Assert.Equal("https://photos.example.com/assets/001/preview.jpg", sent.Photo);
        Assert.Equal("<b>[org/repo] New push to main</b>\n\n1 commit by <i>alice</i>", sent.Caption);
        Assert.Equal("HTML", sent.ParseMode, ignoreCase: true);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(10)]
    public async Task SendAsync_TwoToTenAssets_SendsOneMediaGroupCaptionedOnTheFirst(int count)
    {
        var result = await SendAsync(Group, Message(assets: Photos(count)));

        Assert.True(result.Succeeded, result.Error);
        var sent = _api.Messages;
        Assert.Equal(count, sent.Count);
        Assert.All(sent, m => Assert.Equal("sendMediaGroup", m.Method));
        Assert.Single(sent.Select(m => m.MediaGroupId).Distinct());
        Assert.Equal(Photos(count).Select(p => p.Url), sent.Select(m => m.Photo));
        Assert.Equal("<b>[org/repo] New push to main</b>\n\n1 commit by <i>alice</i>", sent[0].Caption);
        Assert.All(sent.Skip(1), m => Assert.Null(m.Caption));
        Assert.Equal(count, result.Receipt!.Split(',').Length);
    }

    [Fact]
    public async Task SendAsync_ElevenAssets_SendsAnAlbumOfTenThenTheLastAsAPhoto()
    {
        var result = await SendAsync(Group, Message(assets: Photos(11)));

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(["sendMediaGroup", "sendPhoto"], _api.Requests.Select(r => r.Method));
        var sent = _api.Messages;
        Assert.Equal(11, sent.Count);
        Assert.Equal(Photos(11).Select(p => p.Url), sent.Select(m => m.Photo));
        Assert.NotNull(sent[0].Caption);
        Assert.All(sent.Skip(1), m => Assert.Null(m.Caption));
    }

    [Fact]
    public async Task SendAsync_TwentyFiveAssets_SendsAlbumsOfTenTenAndFive()
    {
        var result = await SendAsync(Group, Message(assets: Photos(25)));

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(["sendMediaGroup", "sendMediaGroup", "sendMediaGroup"], _api.Requests.Select(r => r.Method));
        Assert.Equal([10, 10, 5], _api.Messages.GroupBy(m => m.MediaGroupId).Select(g => g.Count()));
        Assert.Equal(25, result.Receipt!.Split(',').Length);
    }

    [Fact]
    public async Task SendAsync_Videos_AreSentAsVideoItems()
    {
        var video = new MessageAsset("https://photos.example.com/assets/v1/video.mp4", "clip.mp4", IsVideo: true);
        var result = await SendAsync(Group, Message(assets: [Photos(1)[0], video]));
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(["photo", "video"], _api.Messages.Select(m => m.MediaType));

        _api.Reset();
        result = await SendAsync(Group, Message(assets: [video]));
        Assert.True(result.Succeeded, result.Error);
        var sent = Assert.Single(_api.Messages);
        Assert.Equal(("sendVideo", "video", "https://photos.example.com/assets/v1/video.mp4"), (sent.Method, sent.MediaType, sent.Media));
    }

    [Fact]
    public async Task SendAsync_TextLongerThanACaption_SendsTextFirstThenTheAlbumWithoutIt()
    {
        var body = string.Join('\n', Enumerable.Range(1, 40).Select(i => $"Photo {i} by <i>alice</i> in album <b>Berlin</b>"));
        var result = await SendAsync(Group, Message(title: "Anna added 3 photos", body: body, assets: Photos(3)));

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(["sendMessage", "sendMediaGroup"], _api.Requests.Select(r => r.Method));
        var sent = _api.Messages;
        Assert.StartsWith("<b>Anna added 3 photos</b>", sent[0].Text, StringComparison.Ordinal);
        Assert.All(sent.Skip(1), m => Assert.Null(m.Caption));
        Assert.Equal(3, sent.Count(m => m.MediaType == "photo"));
    }

    [Fact]
    public async Task SendAsync_AssetCaptions_AreEscapedAndCut()
    {
        var assets = new[]
        {
            new MessageAsset("https://p.test/1.jpg"),
            new MessageAsset("https://p.test/2.jpg", Caption: "<Berlin> & \"friends\""),
            new MessageAsset("https://p.test/3.jpg", Caption: string.Join(' ', Enumerable.Repeat("word", 400))),
        };
        var result = await SendAsync(Group, Message(assets: assets));

        Assert.True(result.Succeeded, result.Error);
        var sent = _api.Messages;
        Assert.Equal("&lt;Berlin&gt; &amp; &quot;friends&quot;", sent[1].Caption);
        Assert.Equal("<Berlin> & \"friends\"", sent[1].PlainText);
        Assert.True(sent[2].Caption!.Length <= 1024);
        Assert.EndsWith("word", sent[2].Caption, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_ThreadAndSilent_AreSetOnEveryRequest()
    {
        var body = string.Join('\n', Enumerable.Range(1, 200).Select(i => $"line {i} of a long forum post"));
        var result = await SendAsync(Group, Message(body: body, assets: Photos(3)), threadId: 77, silent: true);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(["sendMessage", "sendMessage", "sendMediaGroup"], _api.Requests.Select(r => r.Method));
        Assert.All(_api.Messages, m => Assert.Equal((77, true), (m.MessageThreadId, m.DisableNotification)));
    }

    [Fact]
    public async Task SendAsync_LinkPreviewAllowed_SendsNoPreviewOption()
    {
        var result = await SendAsync(Private, Message(url: "https://x.test/"), disableLinkPreview: false);

        Assert.True(result.Succeeded, result.Error);
        Assert.False(Assert.Single(_api.Messages).LinkPreviewDisabled);
        Assert.DoesNotContain("link_preview_options", Assert.Single(_api.Requests).Parameters.Keys);
    }

    [Fact]
    public async Task SendAsync_ChannelByUsername_IsDelivered()
    {
        var result = await SendAsync(FakeTelegramBotApi.ChannelUsername, Message());

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(FakeTelegramBotApi.ChannelChatId, Assert.Single(_api.Messages).ChatId);
    }

    [Fact]
    public async Task SendAsync_UnknownToken_IsPermanentUnauthorized()
    {
        var target = Target(_api, Group, token: "123456:AAUnknownTokenUnknownTokenUnknown00");
        var result = await _notifier.SendAsync(target, Message(), Attempt(), CancellationToken.None);

        Assert.Equal((DeliveryOutcome.Permanent, 401, "Unauthorized"), (result.Outcome, result.HttpStatus, result.Error));
    }

    [Fact]
    public async Task SendAsync_UnknownChat_IsPermanentWithTelegramsText()
    {
        var result = await SendAsync("-100999", Message());

        Assert.Equal((DeliveryOutcome.Permanent, 400, "Bad Request: chat not found"), (result.Outcome, result.HttpStatus, result.Error));
    }

    [Fact]
    public async Task SendAsync_BotBlocked_IsPermanent403()
    {
        _api.BlockChat(FakeTelegramBotApi.PrivateChatId);
        var result = await SendAsync(Private, Message());

        Assert.Equal((DeliveryOutcome.Permanent, 403, "Forbidden: bot was blocked by the user"), (result.Outcome, result.HttpStatus, result.Error));
    }

    [Fact]
    public async Task SendAsync_FloodControl_IsTransientWithRetryAfter()
    {
        _api.FloodChat(FakeTelegramBotApi.GroupChatId, retryAfterSeconds: 5);
        var result = await SendAsync(Group, Message());

        Assert.Equal((DeliveryOutcome.Transient, 429, "Too Many Requests: retry after 5"), (result.Outcome, result.HttpStatus, result.Error));
        Assert.Equal(TimeSpan.FromSeconds(5), result.RetryAfter);
        Assert.Empty(_api.Messages);
        // Telegram.Bot's own 429 retry is off: one request, straight back to the worker.
        Assert.Single(_api.Requests);
    }

    [Fact]
    public async Task SendAsync_ServerError_IsTransientWithTheExactDescription()
    {
        _api.FailNext(1, 500, "Internal Server Error: restart");
        var result = await SendAsync(Group, Message());

        Assert.Equal((DeliveryOutcome.Transient, 500, "Internal Server Error: restart"), (result.Outcome, result.HttpStatus, result.Error));
        Assert.True((await SendAsync(Group, Message())).Succeeded);
    }

    [Fact]
    public async Task SendAsync_GroupMigrated_IsPermanentAndNamesTheNewChat()
    {
        _api.MigrateChat(FakeTelegramBotApi.GroupChatId, -1001000000009);
        var result = await SendAsync(Group, Message());

        Assert.Equal((DeliveryOutcome.Permanent, 400), (result.Outcome, result.HttpStatus));
        Assert.StartsWith("Bad Request: group chat was upgraded to a supergroup chat", result.Error, StringComparison.Ordinal);
        Assert.Contains("change this target's chat id to -1001000000009", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_RetryAfterAPartFailed_SendsOnlyWhatWasNotSent()
    {
        var body = string.Join('\n', Enumerable.Range(1, 60).Select(i => $"Photo {i} of the trip, taken by alice"));
        var message = Message(title: "Anna added 4 photos", body: body, assets: Photos(4));
        var attempt = Attempt("delivery-partial");
        _api.FailNext(1, 429, "Too Many Requests: retry after 3", retryAfter: 3, method: "sendMediaGroup");

        var first = await SendAsync(Group, message, attempt: attempt);
        Assert.Equal((DeliveryOutcome.Transient, 429), (first.Outcome, first.HttpStatus));
        Assert.Single(_api.Messages);

        var second = await SendAsync(Group, message, attempt: attempt with { AttemptNumber = 2 });
        Assert.True(second.Succeeded, second.Error);
        Assert.Equal(["sendMessage", "sendMediaGroup", "sendMediaGroup"], _api.Requests.Select(r => r.Method));
        Assert.Single(_api.Messages, m => m.Method == "sendMessage");
        Assert.Equal(string.Join(',', _api.Messages.Select(m => m.MessageId)), second.Receipt);
    }

    [Fact]
    public async Task SendAsync_MalformedTokenOrChat_IsPermanentWithoutARequest()
    {
        var badToken = await _notifier.SendAsync(Target(_api, Group, token: "not-a-token"), Message(), Attempt(), CancellationToken.None);
        var badChat = await SendAsync("ops-chat", Message());
        var noBot = await _notifier.SendAsync(Target(_api, Group) with { Bot = null }, Message(), Attempt(), CancellationToken.None);
        var empty = await SendAsync(Group, Message(title: " ", body: ""));

        Assert.All([badToken, badChat, noBot, empty], r => Assert.Equal(DeliveryOutcome.Permanent, r.Outcome));
        Assert.StartsWith("This is not a Telegram bot token", badToken.Error, StringComparison.Ordinal);
        Assert.Contains("'ops-chat' is not a Telegram chat id", badChat.Error, StringComparison.Ordinal);
        Assert.Empty(_api.Requests);
    }

    [Fact]
    public void LaneFor_PrivateChat_OneMessagePerSecond()
    {
        var lane = _notifier.LaneFor(Target(_api, Private));

        Assert.Equal("telegram:7000000001:100000001", lane.Key);
        Assert.Equal(new RateLimit(1, TimeSpan.FromSeconds(1)), lane.LaneRate);
        Assert.Equal("telegram-bot:7000000001", lane.PoolKey);
        Assert.Equal(new RateLimit(30, TimeSpan.FromSeconds(1)), lane.PoolRate);
        Assert.True(lane.MergeWhenQueued);
        Assert.Equal(4096, lane.MaxMergedTextLength);
    }

    [Theory]
    [InlineData("-1001000000001")]
    [InlineData("@notifybridge_news")]
    public void LaneFor_GroupOrChannel_TwentyMessagesPerMinute(string chatId)
    {
        var lane = _notifier.LaneFor(Target(_api, chatId));

        Assert.Equal($"telegram:7000000001:{chatId}", lane.Key);
        Assert.Equal(new RateLimit(20, TimeSpan.FromMinutes(1)), lane.LaneRate);
    }
}

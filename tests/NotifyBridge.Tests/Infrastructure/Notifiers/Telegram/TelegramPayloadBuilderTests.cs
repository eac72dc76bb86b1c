using NotifyBridge.Domain.Notifications;
using NotifyBridge.Domain.Targets;
using NotifyBridge.Infrastructure.Notifiers.Telegram;
using Telegram.Bot.Requests;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using static NotifyBridge.Tests.Infrastructure.Notifiers.Telegram.TelegramTestKit;

namespace NotifyBridge.Tests.Infrastructure.Notifiers.Telegram;

/// <summary>The pure half: which requests a message becomes, without any HTTP.</summary>
public sealed class TelegramPayloadBuilderTests
{
    private static readonly ChatId Chat = new(-1001000000001);
    private static readonly TelegramTargetSettings Settings = new("-1001000000001");

    [Fact]
    public void Compose_TitleBodyAndUrl_InThatOrder()
    {
        var text = TelegramMessageText.Compose(Message(title: "Build <failed> & \"stuck\"", body: "step <b>3</b>", url: "https://ci.test/run/1?x=1&y=2"));

        Assert.Equal("<b>Build &lt;failed&gt; &amp; &quot;stuck&quot;</b>\n\nstep <b>3</b>\n\n<a href=\"https://ci.test/run/1?x=1&amp;y=2\">https://ci.test/run/1?x=1&amp;y=2</a>", text);
    }

    [Theory]
    [InlineData("", "<b>T</b>")]
    [InlineData("  \n ", "<b>T</b>")]
    [InlineData("\nbody\n\n", "<b>T</b>\n\nbody")]
    public void Compose_BlankOrPaddedBody_HasNoStrayBlankLines(string body, string expected)
    {
        Assert.Equal(expected, TelegramMessageText.Compose(Message(title: "T", body: body)));
    }

    [Fact]
    public void Compose_NoTitle_StartsWithTheBody()
    {
        Assert.Equal("just the body", TelegramMessageText.Compose(Message(title: "", body: "just the body")));
    }

    [Theory]
    [InlineData("https://x.test/a", "see https://x.test/a")]
    [InlineData("https://x.test/a?b=1&c=2", "<a href=\"https://x.test/a?b=1&amp;c=2\">diff</a>")]
    [InlineData("javascript:alert(1)", "body")]
    [InlineData("/relative/path", "body")]
    [InlineData("  ", "body")]
    public void LinkFor_UrlInBodyOrNotHttp_IsLeftOut(string url, string body)
    {
        Assert.Null(TelegramMessageText.LinkFor(url, body));
    }

    [Fact]
    public void Build_TextOnly_OneHtmlMessageWithSettings()
    {
        var settings = new TelegramTargetSettings("-1001000000001", MessageThreadId: 9, Silent: true, DisableLinkPreview: true);
        var request = Assert.IsType<SendMessageRequest>(Assert.Single(TelegramPayloadBuilder.Build(Chat, settings, Message())));

        Assert.Equal(ParseMode.Html, request.ParseMode);
        Assert.Equal(9, request.MessageThreadId);
        Assert.True(request.DisableNotification);
        Assert.True(request.LinkPreviewOptions?.IsDisabled);
        Assert.Equal(Chat, request.ChatId);
    }

    [Fact]
    public void Build_LinkPreviewAllowed_HasNoPreviewOptions()
    {
        var request = Assert.IsType<SendMessageRequest>(Assert.Single(TelegramPayloadBuilder.Build(Chat, Settings with { DisableLinkPreview = false }, Message())));
        Assert.Null(request.LinkPreviewOptions);
    }

    [Fact]
    public void Build_LongText_SplitsIntoSeveralMessages()
    {
        var body = string.Join('\n', Enumerable.Range(1, 500).Select(i => $"line {i}: something happened"));
        var requests = TelegramPayloadBuilder.Build(Chat, Settings, Message(body: body));

        Assert.True(requests.Count >= 3);
        Assert.All(requests, r => Assert.True(Assert.IsType<SendMessageRequest>(r).Text.Length <= 4096));
    }

    [Theory]
    [InlineData(1, new[] { "sendPhoto" })]
    [InlineData(2, new[] { "sendMediaGroup" })]
    [InlineData(10, new[] { "sendMediaGroup" })]
    [InlineData(11, new[] { "sendMediaGroup", "sendPhoto" })]
    [InlineData(12, new[] { "sendMediaGroup", "sendMediaGroup" })]
    [InlineData(30, new[] { "sendMediaGroup", "sendMediaGroup", "sendMediaGroup" })]
    [InlineData(31, new[] { "sendMediaGroup", "sendMediaGroup", "sendMediaGroup", "sendPhoto" })]
    public void Build_Assets_GroupsOfTwoToTenAndSinglesAsPhotos(int count, string[] methods)
    {
        var requests = TelegramPayloadBuilder.Build(Chat, Settings, Message(assets: Photos(count)));

        Assert.Equal(methods, requests.Select(r => r.MethodName));
        Assert.All(requests.OfType<SendMediaGroupRequest>(), r => Assert.InRange(r.Media.Count(), 2, 10));
        var urls = requests.SelectMany(r => r switch
        {
            SendPhotoRequest photo => [((InputFileUrl)photo.Photo).Url.ToString()],
            SendMediaGroupRequest album => album.Media.Select(m => ((InputFileUrl)m.Media).Url.ToString()),
            _ => [],
        });
        Assert.Equal(Photos(count).Select(p => p.Url), urls);
    }

    [Fact]
    public void Build_ShortText_IsTheFirstCaptionOnly()
    {
        var requests = TelegramPayloadBuilder.Build(Chat, Settings, Message(assets: Photos(12)));

        var albums = requests.Cast<SendMediaGroupRequest>().ToList();
        var captions = albums.SelectMany(a => a.Media).Select(m => m.Caption).ToList();
        Assert.Equal(TelegramMessageText.Compose(Message()), captions[0]);
        Assert.All(captions.Skip(1), Assert.Null);
        Assert.Equal(ParseMode.Html, albums[0].Media.First().ParseMode);
        Assert.Equal(ParseMode.None, albums[0].Media.Last().ParseMode);
    }

    [Fact]
    public void Build_TextOfExactlyTheCaptionLimit_IsStillACaption()
    {
        var title = new string('x', 1024 - 7); // "<b>" + title + "</b>"
        var requests = TelegramPayloadBuilder.Build(Chat, Settings, Message(title: title, body: "", assets: Photos(1)));
        Assert.Equal(1024, Assert.IsType<SendPhotoRequest>(Assert.Single(requests)).Caption!.Length);

        requests = TelegramPayloadBuilder.Build(Chat, Settings, Message(title: title + "x", body: "", assets: Photos(1)));
        Assert.Equal(["sendMessage", "sendPhoto"], requests.Select(r => r.MethodName));
        Assert.Null(((SendPhotoRequest)requests[1]).Caption);
    }

    [Fact]
    public void Build_Videos_AreVideoItemsAndSendVideo()
    {
        var video = new MessageAsset("https://x.test/v.mp4", IsVideo: true);
        Assert.IsType<SendVideoRequest>(Assert.Single(TelegramPayloadBuilder.Build(Chat, Settings, Message(assets: [video]))));

        var album = Assert.IsType<SendMediaGroupRequest>(Assert.Single(TelegramPayloadBuilder.Build(Chat, Settings, Message(assets: [Photos(1)[0], video]))));
        Assert.Equal([typeof(InputMediaPhoto), typeof(InputMediaVideo)], album.Media.Select(m => m.GetType()));
    }

    [Fact]
    public void Build_ThreadAndSilent_OnEveryRequest()
    {
        var settings = Settings with { MessageThreadId = 5, Silent = true };
        var body = string.Join('\n', Enumerable.Range(1, 200).Select(i => $"line {i}: something happened"));
        var requests = TelegramPayloadBuilder.Build(Chat, settings, Message(body: body, assets: Photos(11)));

        Assert.Equal(["sendMessage", "sendMessage", "sendMediaGroup", "sendPhoto"], requests.Select(r => r.MethodName));
        Assert.All(requests, r =>
        {
            var (thread, silent) = r switch
            {
                SendMessageRequest m => (m.MessageThreadId, m.DisableNotification),
                SendPhotoRequest p => (p.MessageThreadId, p.DisableNotification),
                SendMediaGroupRequest g => (g.MessageThreadId, g.DisableNotification),
                _ => throw new InvalidOperationException(),
            };
            Assert.Equal((5, true), (thread, silent));
        });
    }

    [Fact]
    public void Build_NothingToSend_IsEmpty()
    {
        Assert.Empty(TelegramPayloadBuilder.Build(Chat, Settings, Message(title: "", body: "")));
    }

    [Fact]
    public void Fingerprint_ChangesWithContentAndSettings()
    {
        var message = Message(assets: Photos(2));
        var same = TelegramPayloadBuilder.Fingerprint(Chat, Settings, message);

        Assert.Equal(same, TelegramPayloadBuilder.Fingerprint(new ChatId(-1001000000001), Settings, Message(assets: Photos(2))));
        Assert.NotEqual(same, TelegramPayloadBuilder.Fingerprint(Chat, Settings, message with { BodyHtml = "other" }));
        Assert.NotEqual(same, TelegramPayloadBuilder.Fingerprint(Chat, Settings, message with { Assets = Photos(3) }));
        Assert.NotEqual(same, TelegramPayloadBuilder.Fingerprint(Chat, Settings with { Silent = true }, message));
    }
}

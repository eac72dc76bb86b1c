using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NotifyBridge.Tests.TestSupport.Fakes.Telegram;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace NotifyBridge.Tests.Infrastructure.Notifiers.Telegram;

/// <summary>The fake enforces each rule of shared/fixtures/telegram/REFERENCE.md that a sender can break, with the server's texts.</summary>
public sealed class FakeTelegramBotApiTests : IClassFixture<FakeTelegramFixture>, IDisposable
{
    private const string Group = "-1001000000001";
    private readonly FakeTelegramBotApi _api;
    private readonly HttpClient _http = new();

    public FakeTelegramBotApiTests(FakeTelegramFixture fixture)
    {
        _api = fixture.Api;
        _api.Reset();
    }

    public void Dispose() => _http.Dispose();

    private async Task<(int Status, JsonElement Body)> PostAsync(string method, object parameters, string token = FakeTelegramBotApi.DefaultToken)
    {
        using var response = await _http.PostAsJsonAsync(new Uri($"{_api.BaseUrl}/bot{token}/{method}"), parameters);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return ((int)response.StatusCode, document.RootElement.Clone());
    }

    private static void AssertError((int Status, JsonElement Body) answer, int status, string description)
    {
        Assert.Equal(status, answer.Status);
        Assert.False(answer.Body.GetProperty("ok").GetBoolean());
        Assert.Equal(status, answer.Body.GetProperty("error_code").GetInt32());
        Assert.Equal(description, answer.Body.GetProperty("description").GetString());
    }

    [Fact]
    public async Task GetMe_KnownToken_ReturnsTheBot()
    {
        var (status, body) = await PostAsync("getMe", new { });

        Assert.Equal(200, status);
        Assert.Equal("notifybridge_test_bot", body.GetProperty("result").GetProperty("username").GetString());
        Assert.True(body.GetProperty("result").GetProperty("is_bot").GetBoolean());
    }

    [Fact]
    public async Task Tokens_UnknownIs401_MalformedIs404_RevokedIs401()
    {
        AssertError(await PostAsync("getMe", new { }, "123:AAUnknownUnknownUnknownUnknownUnkn"), 401, "Unauthorized");
        AssertError(await PostAsync("getMe", new { }, "not-a-token"), 404, "Not Found");

        _api.AddBot("555:AARevokedRevokedRevokedRevokedRevo", 555, "revoked_bot");
        Assert.Equal(200, (await PostAsync("getMe", new { }, "555:AARevokedRevokedRevokedRevokedRevo")).Status);
        _api.RevokeToken("555:AARevokedRevokedRevokedRevokedRevo");
        AssertError(await PostAsync("getMe", new { }, "555:AARevokedRevokedRevokedRevokedRevo"), 401, "Unauthorized");
    }

    [Fact]
    public async Task Methods_AreCaseInsensitive_UnknownIsNotFound()
    {
        Assert.Equal(200, (await PostAsync("SENDMESSAGE", new { chat_id = Group, text = "hi" })).Status);
        AssertError(await PostAsync("sendSticker", new { chat_id = Group }), 404, "Not Found: method not found");
    }

    [Fact]
    public async Task SendMessage_ReturnsPlainTextAndEntitiesInUtf16()
    {
        var (status, body) = await PostAsync("sendMessage", new
        {
            chat_id = -1001000000001,
            text = "<b>[org/repo]</b> 😀 <a href=\"https://x.test/?a=1&amp;b=2\">link</a> &lt;3",
            parse_mode = "HTML",
        });

        Assert.Equal(200, status);
        var result = body.GetProperty("result");
        Assert.Equal("[org/repo] 😀 link <3", result.GetProperty("text").GetString());
        var entities = result.GetProperty("entities").EnumerateArray().ToList();
        Assert.Equal(("bold", 0, 10), (entities[0].GetProperty("type").GetString(), entities[0].GetProperty("offset").GetInt32(), entities[0].GetProperty("length").GetInt32()));
        // The emoji is two UTF-16 code units: "link" starts at 14.
        Assert.Equal(("text_link", 14, 4, "https://x.test/?a=1&b=2"),
            (entities[1].GetProperty("type").GetString(), entities[1].GetProperty("offset").GetInt32(), entities[1].GetProperty("length").GetInt32(), entities[1].GetProperty("url").GetString()));
        Assert.Equal("[org/repo] 😀 link <3", Assert.Single(_api.Messages).PlainText);
    }

    [Fact]
    public async Task SendMessage_LengthCountsAfterEntityParsing()
    {
        var exactly = "<b>" + new string('a', 4096) + "</b>";
        Assert.Equal(200, (await PostAsync("sendMessage", new { chat_id = Group, text = exactly, parse_mode = "HTML" })).Status);

        AssertError(await PostAsync("sendMessage", new { chat_id = Group, text = new string('a', 4097) }), 400, "Bad Request: message is too long");
        AssertError(await PostAsync("sendMessage", new { chat_id = Group, text = string.Concat(Enumerable.Repeat("&amp;", 4097)), parse_mode = "HTML" }), 400,
            "Bad Request: message is too long");
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \n ")]
    [InlineData("<b> </b>")]
    public async Task SendMessage_EmptyText_IsRefused(string text)
    {
        AssertError(await PostAsync("sendMessage", new { chat_id = Group, text, parse_mode = "HTML" }), 400, "Bad Request: message text is empty");
    }

    [Theory]
    [InlineData("<foo>x</foo>", "Unsupported start tag \"foo\" at byte offset 0")]
    [InlineData("<b>x", "Can't find end tag corresponding to start tag \"b\"")]
    [InlineData("x</b>", "Unexpected end tag at byte offset 1")]
    [InlineData("<b><i>x</b></i>", "Unmatched end tag at byte offset 7, expected \"</i>\", found \"</b>\"")]
    [InlineData("1 < 2", "Unsupported start tag \"\" at byte offset 2")]
    [InlineData("ü<a href=\"x\"", "Unclosed start tag at byte offset 2")]
    [InlineData("<span>x</span>", "Tag \"span\" must have class \"tg-spoiler\" at byte offset 0")]
    public async Task SendMessage_BadHtml_CantParseEntities(string text, string detail)
    {
        AssertError(await PostAsync("sendMessage", new { chat_id = Group, text, parse_mode = "HTML" }), 400, "Bad Request: can't parse entities: " + detail);
        Assert.Empty(_api.Messages);
    }

    [Fact]
    public async Task SendMessage_UnknownEntityAndBareGreaterThan_AreText()
    {
        var (status, body) = await PostAsync("sendMessage", new { chat_id = Group, text = "a &nbsp; b > c &#65;", parse_mode = "HTML" });
        Assert.Equal(200, status);
        Assert.Equal("a &nbsp; b > c A", body.GetProperty("result").GetProperty("text").GetString());
    }

    [Fact]
    public async Task Chats_UnknownChatAndThreadOutsideAForum_AreRefused()
    {
        AssertError(await PostAsync("sendMessage", new { chat_id = -100123, text = "hi" }), 400, "Bad Request: chat not found");
        AssertError(await PostAsync("sendMessage", new { chat_id = "@nobody_here", text = "hi" }), 400, "Bad Request: chat not found");
        AssertError(await PostAsync("sendMessage", new { chat_id = FakeTelegramBotApi.PrivateChatId, text = "hi", message_thread_id = 3 }), 400, "Bad Request: message thread not found");

        Assert.Equal(200, (await PostAsync("sendMessage", new { chat_id = Group, text = "hi", message_thread_id = 3, disable_notification = true })).Status);
        var sent = Assert.Single(_api.Messages);
        Assert.Equal((3, true), (sent.MessageThreadId, sent.DisableNotification));
    }

    [Fact]
    public async Task Captions_LongerThan1024AfterParsing_AreRefused()
    {
        var fits = "<i>" + new string('c', 1024) + "</i>";
        Assert.Equal(200, (await PostAsync("sendPhoto", new { chat_id = Group, photo = "https://p.test/1.jpg", caption = fits, parse_mode = "HTML" })).Status);

        var tooLong = new string('c', 1025);
        AssertError(await PostAsync("sendPhoto", new { chat_id = Group, photo = "https://p.test/1.jpg", caption = tooLong }), 400, "Bad Request: message caption is too long");
        AssertError(await PostAsync("sendVideo", new { chat_id = Group, video = "https://p.test/1.mp4", caption = tooLong }), 400, "Bad Request: message caption is too long");
        AssertError(await PostAsync("sendMediaGroup", new
        {
            chat_id = Group,
            media = new object[] { new { type = "photo", media = "https://p.test/1.jpg", caption = tooLong }, new { type = "photo", media = "https://p.test/2.jpg" } },
        }), 400, "Bad Request: message caption is too long");
        AssertError(await PostAsync("sendPhoto", new { chat_id = Group }), 400, "Bad Request: there is no photo in the request");
    }

    [Fact]
    public async Task MediaGroups_MustHoldTwoToTenItems()
    {
        object Items(int n) => Enumerable.Range(1, n).Select(i => new { type = "photo", media = $"https://p.test/{i}.jpg" }).ToArray();

        AssertError(await PostAsync("sendMediaGroup", new { chat_id = Group, media = Items(1) }), 400, "Bad Request: media must include 2-10 items");
        AssertError(await PostAsync("sendMediaGroup", new { chat_id = Group, media = Items(11) }), 400, "Bad Request: Too much messages to send as an album");

        var (status, body) = await PostAsync("sendMediaGroup", new { chat_id = Group, media = Items(10) });
        Assert.Equal(200, status);
        var messages = body.GetProperty("result").EnumerateArray().ToList();
        Assert.Equal(10, messages.Count);
        Assert.Single(messages.Select(m => m.GetProperty("media_group_id").GetString()).Distinct());
        Assert.Equal(10, _api.Messages.Count);
    }

    [Fact]
    public async Task MediaGroups_DocumentsDoNotMixWithPhotos()
    {
        AssertError(await PostAsync("sendMediaGroup", new
        {
            chat_id = Group,
            media = new object[] { new { type = "photo", media = "https://p.test/1.jpg" }, new { type = "document", media = "https://p.test/a.pdf" } },
        }), 400, "Bad Request: documents and audio can't be mixed with other media types");
    }

    [Fact]
    public async Task FloodChat_Answers429WithRetryAfter_ThenRecovers()
    {
        _api.FloodChat(FakeTelegramBotApi.GroupChatId, retryAfterSeconds: 12, count: 2);

        for (var i = 0; i < 2; i++)
        {
            var answer = await PostAsync("sendMessage", new { chat_id = Group, text = "hi" });
            AssertError(answer, 429, "Too Many Requests: retry after 12");
            Assert.Equal(12, answer.Body.GetProperty("parameters").GetProperty("retry_after").GetInt32());
        }
        Assert.Equal(200, (await PostAsync("sendMessage", new { chat_id = FakeTelegramBotApi.PrivateChatId, text = "other chat" })).Status);
        Assert.Equal(200, (await PostAsync("sendMessage", new { chat_id = Group, text = "hi" })).Status);
    }

    [Fact]
    public async Task FailNext_ScriptsAnswers_OptionallyPerMethod()
    {
        _api.FailNext(2, 502, "Bad Gateway", method: "sendPhoto");
        _api.FailNext(1, 429, "Too Many Requests: retry after 1", retryAfter: 1);

        var first = await PostAsync("sendMessage", new { chat_id = Group, text = "hi" });
        AssertError(first, 429, "Too Many Requests: retry after 1");
        Assert.Equal(200, (await PostAsync("sendMessage", new { chat_id = Group, text = "hi" })).Status);
        AssertError(await PostAsync("sendPhoto", new { chat_id = Group, photo = "https://p.test/1.jpg" }), 502, "Bad Gateway");
        AssertError(await PostAsync("sendPhoto", new { chat_id = Group, photo = "https://p.test/1.jpg" }), 502, "Bad Gateway");
        Assert.Equal(200, (await PostAsync("sendPhoto", new { chat_id = Group, photo = "https://p.test/1.jpg" })).Status);
        Assert.Equal([429, 200, 502, 502, 200], _api.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task MigratedAndBlockedChats_AnswerWithTheirErrors()
    {
        _api.AddChat(new FakeTelegramChat(-4726613835, "group", "Old group"));
        _api.MigrateChat(-4726613835, -1001000000077);
        var migrated = await PostAsync("sendMessage", new { chat_id = -4726613835, text = "hi" });
        AssertError(migrated, 400, "Bad Request: group chat was upgraded to a supergroup chat");
        Assert.Equal(-1001000000077, migrated.Body.GetProperty("parameters").GetProperty("migrate_to_chat_id").GetInt64());
        Assert.Equal(200, (await PostAsync("sendMessage", new { chat_id = -1001000000077, text = "hi" })).Status);

        _api.BlockChat(FakeTelegramBotApi.PrivateChatId);
        AssertError(await PostAsync("sendMessage", new { chat_id = FakeTelegramBotApi.PrivateChatId, text = "hi" }), 403, "Forbidden: bot was blocked by the user");
    }

    [Fact]
    public async Task FormAndQueryParameters_AreAccepted()
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["chat_id"] = Group,
            ["text"] = "<b>form</b>",
            ["parse_mode"] = "HTML",
            ["link_preview_options"] = "{\"is_disabled\":true}",
        });
        using var posted = await _http.PostAsync(new Uri($"{_api.BaseUrl}/bot{FakeTelegramBotApi.DefaultToken}/sendMessage"), form);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);

        using var get = await _http.GetAsync(new Uri($"{_api.BaseUrl}/bot{FakeTelegramBotApi.DefaultToken}/sendMessage?chat_id={Group}&text=query"));
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);

        Assert.Equal([("form", true), ("query", false)], _api.Messages.Select(m => (m.PlainText, m.LinkPreviewDisabled)));
        Assert.Equal("chat_id=-1001000000001&text=%3Cb%3Eform%3C%2Fb%3E&parse_mode=HTML&link_preview_options=%7B%22is_disabled%22%3Atrue%7D", _api.Requests[0].Body);
    }

    [Fact]
    public async Task MultipartUploads_FromTelegramBot_AreAcceptedAndRecorded()
    {
        var bot = new TelegramBotClient(new TelegramBotClientOptions(FakeTelegramBotApi.DefaultToken, _api.BaseUrl), _http);
        static MemoryStream Jpeg() => new([0xFF, 0xD8, 0xFF, 0xE0]); // Telegram.Bot disposes what it uploads

        var photo = await bot.SendPhoto(Group, InputFile.FromStream(Jpeg(), "IMG_0001.jpg"), caption: "<b>New photo</b>", parseMode: ParseMode.Html);
        var album = await bot.SendMediaGroup(Group, [new InputMediaPhoto(InputFile.FromStream(Jpeg(), "IMG_0001.jpg")), new InputMediaPhoto(InputFile.FromStream(Jpeg(), "IMG_0002.jpg"))]);

        Assert.Equal("New photo", photo.Caption);
        Assert.Equal(2, album.Length);
        var requests = _api.Requests;
        Assert.All(requests, r => Assert.StartsWith("multipart/form-data", r.ContentType, StringComparison.Ordinal));
        Assert.Equal(["IMG_0001.jpg"], requests[0].Uploads.Select(u => u.FileName));
        Assert.Equal(["IMG_0001.jpg", "IMG_0002.jpg"], requests[1].Uploads.Select(u => u.FileName));
        Assert.All(_api.Messages, m => Assert.StartsWith("attach://", m.Photo, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Multipart_AttachToAMissingPart_IsRefused()
    {
        using var content = new MultipartFormDataContent
        {
            { new StringContent(Group), "chat_id" },
            { new StringContent("attach://nothing"), "photo" },
        };
        using var response = await _http.PostAsync(new Uri($"{_api.BaseUrl}/bot{FakeTelegramBotApi.DefaultToken}/sendPhoto"), content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("wrong file identifier/HTTP URL specified", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StopAndRestart_RefusesConnectionsThenServesOnTheSamePortWithItsState()
    {
        await using var api = await FakeTelegramBotApi.StartAsync();
        var url = api.BaseUrl;
        using (var sent = await _http.PostAsync(new Uri($"{url}/bot{FakeTelegramBotApi.DefaultToken}/sendMessage?chat_id={Group}&text=one"), null))
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);

        await api.StopAsync();
        Assert.False(api.IsRunning);
        await Assert.ThrowsAsync<HttpRequestException>(() => _http.PostAsync(new Uri($"{url}/bot{FakeTelegramBotApi.DefaultToken}/getMe"), null));

        await api.RestartAsync();
        Assert.Equal(url, api.BaseUrl);
        using (var again = await _http.PostAsync(new Uri($"{url}/bot{FakeTelegramBotApi.DefaultToken}/sendMessage?chat_id={Group}&text=two"), null))
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(["one", "two"], api.Messages.Select(m => m.PlainText));
    }

    [Fact]
    public void Html_PreWithLanguage_AndNestedEntities()
    {
        var parsed = FakeTelegramHtml.Parse("<pre><code class=\"language-csharp\">var x;</code></pre> <blockquote expandable><b>q</b></blockquote>");

        Assert.Equal("var x; q", parsed.Text);
        Assert.Contains(new FakeTelegramEntity("pre", 0, 6, Language: "csharp"), parsed.Entities);
        Assert.Contains(new FakeTelegramEntity("expandable_blockquote", 7, 1), parsed.Entities);
        Assert.Contains(new FakeTelegramEntity("bold", 7, 1), parsed.Entities);
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using NotifyBridge.Tests.TestSupport.Fakes.Discord;

namespace NotifyBridge.Tests.Infrastructure.Notifiers.Discord;

/// <summary>The fake Discord enforces each rule of /work/shared/fixtures/discord/REFERENCE.md.</summary>
public sealed class FakeDiscordWebhookTests : IAsyncLifetime
{
    private const string UserAgent = "DiscordBot (https://example.com, 1.0)";
    private readonly FakeTimeProvider _time = new(NotifierSamples.Now);
    private readonly HttpClient _client = new();
    private FakeDiscordWebhook _discord = null!;
    private FakeDiscordWebhookInfo _webhook = null!;

    public async Task InitializeAsync()
    {
        _discord = await FakeDiscordWebhook.StartAsync(_time);
        _webhook = _discord.AddWebhook("Captain Hook");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _discord.DisposeAsync();
    }

    private string ExecutePath(string? query = "wait=true") =>
        $"api/v10/webhooks/{_webhook.Id}/{_webhook.Token}{(query is null ? "" : "?" + query)}";

    private async Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> PostAsync(
        object payload, string? path = null, string? userAgent = UserAgent, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_discord.BaseUrl, path ?? ExecutePath()))
        {
            Content = payload as HttpContent ?? new StringContent(payload as string ?? JsonSerializerToString(payload), Encoding.UTF8, "application/json"),
        };
        if (userAgent is not null) request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        configure?.Invoke(request);
        var response = await _client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : TryParse(text), response);
    }

    private static string JsonSerializerToString(object payload) => payload is JsonNode node ? node.ToJsonString() : System.Text.Json.JsonSerializer.Serialize(payload);

    private static JsonNode? TryParse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return JsonValue.Create(text);
        }
    }

    private static JsonObject Embed(string? title = null, string? description = null, int fields = 0, string fieldValue = "v") => new()
    {
        ["title"] = title,
        ["description"] = description,
        ["fields"] = new JsonArray(Enumerable.Range(0, fields).Select(i => (JsonNode)new JsonObject { ["name"] = $"n{i}", ["value"] = fieldValue }).ToArray()),
    };

    private static void AssertFormError(JsonNode? body, string path, string message)
    {
        Assert.Equal(50035, body!["code"]!.GetValue<int>());
        Assert.Equal("Invalid Form Body", body["message"]!.GetValue<string>());
        var node = body["errors"]!;
        foreach (var segment in path.Split('.', StringSplitOptions.RemoveEmptyEntries)) node = node[segment]!;
        Assert.Contains(node["_errors"]!.AsArray(), e => e!["message"]!.GetValue<string>() == message);
    }

    [Fact]
    public async Task WaitTrue_AnswersTheMessage_AuthoredByTheWebhook()
    {
        var (status, body, response) = await PostAsync(new JsonObject
        {
            ["content"] = "hi",
            ["username"] = "NotifyBridge",
            ["embeds"] = new JsonArray(new JsonObject { ["title"] = "t", ["provider"] = new JsonObject { ["name"] = "x" }, ["image"] = new JsonObject { ["url"] = "https://p.example.com/1.jpg", ["width"] = 5 } }),
        });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("hi", body!["content"]!.GetValue<string>());
        Assert.Equal(_webhook.Id, body["webhook_id"]!.GetValue<string>());
        Assert.Equal(_webhook.Id, body["author"]!["id"]!.GetValue<string>());
        Assert.Equal("NotifyBridge", body["author"]!["username"]!.GetValue<string>());
        Assert.Equal("0000", body["author"]!["discriminator"]!.GetValue<string>());
        Assert.True(body["author"]!["bot"]!.GetValue<bool>());
        var embed = body["embeds"]![0]!.AsObject();
        Assert.Equal("rich", embed["type"]!.GetValue<string>());
        Assert.False(embed.ContainsKey("provider"));
        Assert.False(embed["image"]!.AsObject().ContainsKey("width"));
        Assert.Equal(body["id"]!.GetValue<string>(), Assert.Single(_discord.Messages).Id);
        Assert.Equal("5", response.Headers.GetValues("X-RateLimit-Limit").Single());
        Assert.Equal("4", response.Headers.GetValues("X-RateLimit-Remaining").Single());
        Assert.Equal("2", response.Headers.GetValues("X-RateLimit-Reset-After").Single());
        Assert.NotEmpty(response.Headers.GetValues("X-RateLimit-Reset").Single());
        Assert.NotEmpty(response.Headers.GetValues("X-RateLimit-Bucket").Single());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wait=false")]
    [InlineData("wait=0")]
    public async Task WithoutWait_Answers204WithoutBody_WithBucketHeaders(string? query)
    {
        var (status, body, response) = await PostAsync(new { content = "hi" }, ExecutePath(query));
        Assert.Equal(HttpStatusCode.NoContent, status);
        Assert.Null(body);
        Assert.True(response.Headers.Contains("X-RateLimit-Remaining"));
        Assert.False(Assert.Single(_discord.Messages).Wait);
    }

    [Theory]
    [InlineData("True")]
    [InlineData("1")]
    public async Task WaitSpellings_AllMeanTrue(string wait)
    {
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(new { content = "hi" }, ExecutePath("wait=" + wait))).Status);
    }

    [Fact]
    public async Task WaitNotABoolean_Is400()
    {
        var (status, body, _) = await PostAsync(new { content = "hi" }, ExecutePath("wait=maybe"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertFormError(body, "wait", "Must be either true or false.");
    }

    [Fact]
    public async Task Content2001_Is400_2000PlusSurroundingSpaces_IsAccepted()
    {
        var (status, body, response) = await PostAsync(new { content = new string('a', 2001) });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertFormError(body, "content", "Must be 2000 or fewer in length.");
        Assert.True(response.Headers.Contains("X-RateLimit-Remaining"));

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(new { content = "  " + new string('a', 2000) + "\n " })).Status);
    }

    [Fact]
    public async Task ElevenEmbeds_Is400_TenAreAccepted()
    {
        var eleven = new JsonObject { ["embeds"] = new JsonArray(Enumerable.Range(0, 11).Select(i => (JsonNode)Embed($"t{i}")).ToArray()) };
        var (status, body, _) = await PostAsync(eleven);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertFormError(body, "embeds", "Must be 10 or fewer in length.");

        var ten = new JsonObject { ["embeds"] = new JsonArray(Enumerable.Range(0, 10).Select(i => (JsonNode)Embed($"t{i}")).ToArray()) };
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(ten)).Status);
    }

    [Fact]
    public async Task EmbedTotalOver6000AcrossEmbeds_Is400_Exactly6000_IsAccepted()
    {
        static JsonObject Payload(int lastDescription) => new()
        {
            ["embeds"] = new JsonArray(
                Embed(new string('a', 256), new string('b', 4096)),
                Embed(description: new string('c', 1000), fields: 2, fieldValue: new string('d', 300)),
                Embed(description: new string('e', lastDescription))),
        };
        // 256 + 4096 + 1000 + 2 × (2 + 300) = 5956: the third embed may add 44.
        var (status, body, _) = await PostAsync(Payload(45));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertFormError(body, "embeds", "Embed size exceeds maximum size of 6000");

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Payload(44))).Status);
    }

    public static TheoryData<string, JsonObject, string> EmbedLimits() => new()
    {
        { "embeds.0.title", new JsonObject { ["title"] = new string('t', 257) }, "Must be 256 or fewer in length." },
        { "embeds.0.description", new JsonObject { ["description"] = new string('d', 4097) }, "Must be 4096 or fewer in length." },
        { "embeds.0.fields", Embed("t", fields: 26), "Must be 25 or fewer in length." },
        { "embeds.0.fields.0.name", new JsonObject { ["fields"] = new JsonArray(new JsonObject { ["name"] = new string('n', 257), ["value"] = "v" }) }, "Must be 256 or fewer in length." },
        { "embeds.0.fields.0.value", new JsonObject { ["fields"] = new JsonArray(new JsonObject { ["name"] = "n", ["value"] = new string('v', 1025) }) }, "Must be 1024 or fewer in length." },
        { "embeds.0.fields.0.value", new JsonObject { ["fields"] = new JsonArray(new JsonObject { ["name"] = "n", ["value"] = " " }) }, "This field is required" },
        { "embeds.0.footer.text", new JsonObject { ["footer"] = new JsonObject { ["text"] = new string('f', 2049) } }, "Must be 2048 or fewer in length." },
        { "embeds.0.author.name", new JsonObject { ["author"] = new JsonObject { ["name"] = new string('a', 257) } }, "Must be 256 or fewer in length." },
        { "embeds.0.color", new JsonObject { ["title"] = "t", ["color"] = 16777216 }, "int value should be less than or equal to 16777215." },
        { "embeds.0.url", new JsonObject { ["title"] = "t", ["url"] = "not a url" }, "Not a well formed URL." },
        { "embeds.0.image.url", new JsonObject { ["image"] = new JsonObject { ["url"] = "javascript:x" } }, "Not a well formed URL." },
    };

    [Theory]
    [MemberData(nameof(EmbedLimits))]
    public async Task EmbedLimit_Broken_Is400WithTheFieldPath(string path, JsonObject embed, string message)
    {
        var (status, body, _) = await PostAsync(new JsonObject { ["embeds"] = new JsonArray(embed) });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertFormError(body, path, message);
        Assert.Empty(_discord.Messages);
    }

    [Fact]
    public async Task EmbedLimits_AtTheLimit_AreAccepted()
    {
        var embed = new JsonObject
        {
            ["title"] = new string('t', 256),
            ["description"] = new string('d', 2000),
            ["fields"] = new JsonArray(Enumerable.Range(0, 25).Select(i => (JsonNode)new JsonObject { ["name"] = $"{i:D2}", ["value"] = "v" }).ToArray()),
            ["footer"] = new JsonObject { ["text"] = new string('f', 2048) },
            ["author"] = new JsonObject { ["name"] = new string('a', 256) },
            ["color"] = 16777215,
        };
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(new JsonObject { ["embeds"] = new JsonArray(embed) })).Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task UsernameOutside1To80_Is400(string username)
    {
        var (status, body, _) = await PostAsync(new { content = "x", username });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertFormError(body, "username", "Must be between 1 and 80 in length.");
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(new { content = "x", username = new string('u', 81) })).Status);
    }

    [Fact]
    public async Task UnknownAllowedMentionType_Is400()
    {
        var (status, body, _) = await PostAsync(new { content = "x", allowed_mentions = new { parse = new[] { "channels" } } });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertFormError(body, "allowed_mentions.parse.0", "Value must be one of {'roles', 'users', 'everyone'}.");
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"content\":\"  \",\"embeds\":[]}")]
    public async Task EmptyMessage_Is400_50006(string json)
    {
        var (status, body, _) = await PostAsync(json);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("""{"message":"Cannot send an empty message","code":50006}""", body!.ToJsonString());
    }

    [Fact]
    public async Task EveryoneMentionsOnlyPingWhenAllowed()
    {
        await PostAsync(new { content = "@everyone hi" });
        await PostAsync(new { content = "@everyone hi", allowed_mentions = new { parse = Array.Empty<string>() } });
        await PostAsync(new { content = "@here hi", allowed_mentions = new { parse = new[] { "everyone" } } });
        Assert.Equal([true, false, true], _discord.Messages.Select(m => m.MentionedEveryone));
    }

    [Fact]
    public async Task UnknownWebhook_Is404_10015_WithBucketHeaders_AndLaterUseIsCounted()
    {
        _discord.RemoveWebhook(_webhook.Id);
        var (status, body, response) = await PostAsync(new { content = "x" });
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("""{"message":"Unknown Webhook","code":10015}""", body!.ToJsonString());
        Assert.True(response.Headers.Contains("X-RateLimit-Remaining"));
        Assert.Equal(0, _discord.RequestsAfterNotFound);

        await PostAsync(new { content = "x" });
        Assert.Equal(1, _discord.RequestsAfterNotFound);
    }

    [Fact]
    public async Task WrongToken_Is401_50027()
    {
        var (status, body, _) = await PostAsync(new { content = "x" }, $"api/v10/webhooks/{_webhook.Id}/notTheToken?wait=true");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("""{"message":"Invalid Webhook Token","code":50027}""", body!.ToJsonString());
    }

    [Fact]
    public async Task AuthorizationHeader_IsRefused_TheUrlCarriesTheAuth()
    {
        var (status, _, _) = await PostAsync(new { content = "x" }, configure: r => r.Headers.Authorization = new AuthenticationHeaderValue("Bot", "secret"));
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Empty(_discord.Messages);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("curl/8.0")]
    public async Task WithoutADiscordBotUserAgent_IsBlockedLikeCloudflare(string? userAgent)
    {
        var (status, body, _) = await PostAsync(new { content = "x" }, userAgent: userAgent);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("error code: 1010", body!.GetValue<string>());
    }

    [Fact]
    public async Task UnversionedOrUnknownPath_Is404NotFound()
    {
        var (status, body, _) = await PostAsync(new { content = "x" }, $"api/webhooks/{_webhook.Id}/{_webhook.Token}");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("""{"message":"404: Not Found","code":0}""", body!.ToJsonString());
    }

    [Fact]
    public async Task OtherContentType_Is400ContentTypeInvalid()
    {
        var (status, body, _) = await PostAsync(new StringContent("content=x", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertFormError(body, "", "Expected \"Content-Type\" header to be one of {'application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'}.");
    }

    [Fact]
    public async Task InvalidJson_Is400_50109()
    {
        var (status, body, _) = await PostAsync("{\"content\":");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(50109, body!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task MultipartPayloadJson_AndForm_AreAccepted()
    {
        using var multipart = new MultipartFormDataContent { { new StringContent("""{"content":"from multipart"}"""), "payload_json" } };
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(multipart)).Status);
        using var form = new FormUrlEncodedContent([new("content", "from a form")]);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(form)).Status);
        Assert.Equal(["from multipart", "from a form"], _discord.Messages.Select(m => m.Content));
    }

    [Fact]
    public async Task ThreadId_IsRecordedAsTheChannel()
    {
        var (_, body, _) = await PostAsync(new { content = "x" }, ExecutePath("wait=true&thread_id=777"));
        Assert.Equal("777", body!["channel_id"]!.GetValue<string>());
        Assert.Equal("777", Assert.Single(_discord.Messages).ThreadId);
    }

    [Fact]
    public async Task BucketExhausted_Is429User_InTheDocsShape_UntilItResets()
    {
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await PostAsync(new { content = "x" })).Status);
        _time.Advance(TimeSpan.FromMilliseconds(500));

        var (status, body, response) = await PostAsync(new { content = "x" });
        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Equal("You are being rate limited.", body!["message"]!.GetValue<string>());
        Assert.Equal(1.5, body["retry_after"]!.GetValue<double>());
        Assert.False(body["global"]!.GetValue<bool>());
        Assert.Equal("2", response.Headers.GetValues("Retry-After").Single());
        Assert.Equal("user", response.Headers.GetValues("X-RateLimit-Scope").Single());
        Assert.Equal("0", response.Headers.GetValues("X-RateLimit-Remaining").Single());
        Assert.Equal("1.5", response.Headers.GetValues("X-RateLimit-Reset-After").Single());

        _time.Advance(TimeSpan.FromMilliseconds(1500));
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(new { content = "x" })).Status);
        Assert.Equal(6, _discord.Messages.Count);
    }

    [Fact]
    public async Task BucketNotEnforced_StillSendsHeaders()
    {
        _discord.EnforceRateLimit = false;
        for (var i = 0; i < 7; i++) Assert.Equal(HttpStatusCode.OK, (await PostAsync(new { content = "x" })).Status);
        Assert.Equal("0", _discord.Requests[^1].ResponseHeaders["X-RateLimit-Remaining"]);
    }

    [Fact]
    public async Task FailNext_AnswersTheScriptedStatus_ThenNormally()
    {
        _discord.FailNext(2, 500);
        Assert.Equal(HttpStatusCode.InternalServerError, (await PostAsync(new { content = "x" })).Status);
        var (status, body, response) = await PostAsync(new { content = "x" });
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal("500: Internal Server Error", body!["message"]!.GetValue<string>());
        Assert.True(response.Headers.Contains("X-RateLimit-Remaining"));
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(new { content = "x" })).Status);
        Assert.Single(_discord.Messages);
    }

    [Fact]
    public async Task RateLimitNext_Global_HasGlobalHeaderAndNoBucket()
    {
        _discord.RateLimitNext(1, 64.57, global: true);
        var (status, body, response) = await PostAsync(new { content = "x" });
        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Equal("""{"message":"You are being rate limited.","retry_after":64.57,"global":true}""", body!.ToJsonString());
        Assert.Equal("65", response.Headers.GetValues("Retry-After").Single());
        Assert.Equal("true", response.Headers.GetValues("X-RateLimit-Global").Single());
        Assert.Equal("global", response.Headers.GetValues("X-RateLimit-Scope").Single());
        Assert.False(response.Headers.Contains("X-RateLimit-Remaining"));
    }

    [Fact]
    public async Task RateLimitNext_Shared_UsesTheResourceMessage()
    {
        _discord.RateLimitNext(1, 1336.57, scope: "shared");
        var (_, body, response) = await PostAsync(new { content = "x" });
        Assert.Equal("The resource is being rate limited.", body!["message"]!.GetValue<string>());
        Assert.Equal("shared", response.Headers.GetValues("X-RateLimit-Scope").Single());
        Assert.Equal("1337", response.Headers.GetValues("Retry-After").Single());
    }

    [Fact]
    public async Task AbortNext_DropsTheConnection()
    {
        _discord.AbortNext(1);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => PostAsync(new { content = "x" }));
        Assert.Equal(0, Assert.Single(_discord.Requests).Status);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(new { content = "x" })).Status);
    }

    [Fact]
    public async Task WaitForMessagesAsync_ReturnsOnceEnoughArrived()
    {
        var waiting = _discord.WaitForMessagesAsync(2);
        await PostAsync(new { content = "a" });
        await PostAsync(new { content = "b" });
        Assert.Equal(2, (await waiting).Count);
    }
}

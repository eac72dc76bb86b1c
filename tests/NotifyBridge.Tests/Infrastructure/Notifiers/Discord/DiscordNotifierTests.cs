using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NotifyBridge.Domain.Dispatch.Retry;
using NotifyBridge.Domain.Notifications;
using NotifyBridge.Domain.Settings;
using NotifyBridge.Domain.Targets;
using NotifyBridge.Infrastructure.Net;
using NotifyBridge.Infrastructure.Notifiers;
using NotifyBridge.Infrastructure.Notifiers.Discord;
using NotifyBridge.Tests.TestSupport;
using NotifyBridge.Tests.TestSupport.Fakes.Discord;

namespace NotifyBridge.Tests.Infrastructure.Notifiers.Discord;

/// <summary>The Discord notifier against the fake Discord: exact payloads, limits, errors, retry hints and bucket feedback.</summary>
public sealed class DiscordNotifierTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(NotifierSamples.Now);
    private readonly TestHttpClientFactory _http = new();
    private FakeDiscordWebhook _discord = null!;
    private FakeDiscordWebhookInfo _webhook = null!;
    private DiscordNotifier _notifier = null!;

    public async Task InitializeAsync()
    {
        _discord = await FakeDiscordWebhook.StartAsync(_time);
        _webhook = _discord.AddWebhook();
        _notifier = new DiscordNotifier(_http, _time);
    }

    public async Task DisposeAsync()
    {
        await _discord.DisposeAsync();
        _http.Dispose();
    }

    private NotifierTarget Target(string? url = null, DiscordTargetSettings? settings = null) =>
        new(3, "Discord #ops", TargetType.Discord, settings ?? new DiscordTargetSettings("NotifyBridge", "https://bridge.example.com/avatar.png"),
            new TargetSecrets(WebhookUrl: url ?? _webhook.Url.AbsoluteUri));

    private Task<SendResult> SendAsync(NotificationMessage message, NotifierTarget? target = null) =>
        _notifier.SendAsync(target ?? Target(), message, NotifierSamples.Attempt(), CancellationToken.None);

    /// <summary>What the fake received, as a golden: method, path and query, content type, and the JSON body.</summary>
    private JsonObject LastRequestForGolden()
    {
        var request = _discord.Requests[^1];
        return new JsonObject
        {
            ["method"] = request.Method,
            ["target"] = request.RawTarget.Replace(_webhook.Token, "{token}", StringComparison.Ordinal),
            ["contentType"] = request.Headers["Content-Type"],
            ["body"] = JsonNode.Parse(request.Body),
        };
    }

    [Fact]
    public async Task SendAsync_RepresentativeMessage_SendsTheGoldenPayload()
    {
        var result = await SendAsync(NotifierSamples.Representative());

        Assert.True(result.Succeeded, result.Error);
        JsonGoldenFile.AssertMatches("Discord/representative", LastRequestForGolden());
        var message = Assert.Single(_discord.Messages);
        Assert.Equal(message.Id, result.Receipt);
        Assert.Equal(200, result.HttpStatus);
    }

    [Fact]
    public async Task SendAsync_PostsToV10WithWait_NoAuthorization_DiscordBotUserAgent()
    {
        await SendAsync(NotifierSamples.Plain());

        var request = Assert.Single(_discord.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal($"/api/v10/webhooks/{_webhook.Id}/{_webhook.Token}?wait=true", request.RawTarget);
        Assert.False(request.Headers.ContainsKey("Authorization"));
        Assert.Matches(@"^DiscordBot \(NotifyBridge, \d+\.\d+\.\d+\)$", request.Headers["User-Agent"]);
        Assert.Equal("application/json; charset=utf-8", request.Headers["Content-Type"]);
        Assert.Equal(OutboundHttp.ClientName, _http.LastName);
    }

    [Fact]
    public async Task SendAsync_EveryoneInTheEventText_PingsNoOne()
    {
        await SendAsync(NotifierSamples.Plain(bodyHtml: "@everyone @here look"));
        var message = Assert.Single(_discord.Messages);
        Assert.Contains("@everyone", message.Content, StringComparison.Ordinal);
        Assert.False(message.MentionedEveryone);
    }

    [Fact]
    public async Task SendAsync_BodyOver2000_GoesToTheDescription_AndDiscordAcceptsIt()
    {
        var body = string.Join('\n', Enumerable.Range(1, 60).Select(i => $"{i:D2}. <b>item</b> " + new string('x', 30)));
        var result = await SendAsync(NotifierSamples.Plain("Long list", body));
        Assert.True(result.Succeeded, result.Error);
        JsonGoldenFile.AssertMatches("Discord/limit-body-in-description", LastRequestForGolden());
    }

    [Fact]
    public async Task SendAsync_HugeBody_CutTo4096_AndDiscordAcceptsIt()
    {
        var result = await SendAsync(NotifierSamples.Plain("Huge", new string('z', 20_000)));
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(4096, Assert.Single(_discord.Messages).Embeds[0]["description"]!.GetValue<string>().Length);
    }

    [Fact]
    public async Task SendAsync_FifteenPhotos_TenEmbedsWithGalleryAndFooter_AndDiscordAcceptsIt()
    {
        var message = NotifierSamples.Plain("Anna added 15 photos to Trip", "") with
        {
            Url = "https://photos.example.com/albums/trip",
            Assets = Enumerable.Range(1, 15).Select(i => new MessageAsset($"https://photos.example.com/api/assets/{i}/thumbnail.jpg", $"IMG_{i:D4}.jpg")).ToList(),
        };
        var result = await SendAsync(message);
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(10, Assert.Single(_discord.Messages).Embeds.Count);
        JsonGoldenFile.AssertMatches("Discord/limit-ten-embeds", LastRequestForGolden());
    }

    [Fact]
    public async Task SendAsync_FieldsOverTheEmbedTotal_CutToExactly6000_AndDiscordAcceptsIt()
    {
        var message = NotifierSamples.Plain("Facts", "") with
        {
            Fields = Enumerable.Range(1, 25).Select(i => new MessageField($"Field {i}", $"{i}: " + new string('v', 1000))).ToList(),
        };
        var result = await SendAsync(message);
        Assert.True(result.Succeeded, result.Error);
        var embed = Assert.Single(Assert.Single(_discord.Messages).Embeds);
        var characters = embed["title"]!.GetValue<string>().Length
            + embed["fields"]!.AsArray().Sum(f => f!["name"]!.GetValue<string>().Length + f["value"]!.GetValue<string>().Length);
        Assert.Equal(6000, characters);
        JsonGoldenFile.AssertMatches("Discord/limit-embed-total", LastRequestForGolden());
    }

    [Fact]
    public async Task SendAsync_LongTitleAndFieldTexts_AreCut_AndDiscordAcceptsThem()
    {
        var message = NotifierSamples.Plain(new string('T', 300), "b") with { Fields = [new MessageField(new string('N', 300), new string('V', 1100))] };
        var result = await SendAsync(message, Target(settings: new DiscordTargetSettings(new string('U', 90))));
        Assert.True(result.Succeeded, result.Error);
    }

    [Fact]
    public async Task SendAsync_Success_ReportsTheBucket()
    {
        var result = await SendAsync(NotifierSamples.Plain());
        Assert.Equal(new RateLimitState(4, TimeSpan.FromSeconds(2)), result.RateLimit);
    }

    [Fact]
    public async Task SendAsync_BucketExhausted_429WithTheWait_ThenSucceedsAfterReset()
    {
        for (var i = 4; i >= 0; i--)
            Assert.Equal(i, (await SendAsync(NotifierSamples.Plain())).RateLimit!.Remaining);

        var limited = await SendAsync(NotifierSamples.Plain());
        Assert.Equal(DeliveryOutcome.Transient, limited.Outcome);
        Assert.Equal(429, limited.HttpStatus);
        Assert.Equal("You are being rate limited.", limited.Error);
        Assert.Equal(TimeSpan.FromSeconds(2), limited.RetryAfter);
        Assert.Equal(new RateLimitState(0, TimeSpan.FromSeconds(2)), limited.RateLimit);

        _time.Advance(TimeSpan.FromSeconds(2));
        var after = await SendAsync(NotifierSamples.Plain());
        Assert.True(after.Succeeded, after.Error);
        Assert.Equal(6, _discord.Messages.Count);
    }

    [Fact]
    public async Task SendAsync_ScriptedRateLimit_WaitsTheLongerOfRetryAfterAndItsHeader()
    {
        _discord.RateLimitNext(1, retryAfterSeconds: 1.5);
        var result = await SendAsync(NotifierSamples.Plain());
        Assert.Equal(TimeSpan.FromSeconds(2), result.RetryAfter); // Retry-After: 2 (rounded up) beats 1.5
        Assert.Equal(new RateLimitState(0, TimeSpan.FromMilliseconds(1500)), result.RateLimit);
        Assert.Empty(_discord.Messages);
    }

    [Fact]
    public async Task SendAsync_RateLimitWithoutHeader_UsesRetryAfterSeconds()
    {
        _discord.RateLimitNext(1, retryAfterSeconds: 0.75, retryAfterHeader: false);
        Assert.Equal(TimeSpan.FromMilliseconds(750), (await SendAsync(NotifierSamples.Plain())).RetryAfter);
    }

    [Fact]
    public async Task SendAsync_GlobalRateLimit_IsTransientWithTheWait()
    {
        _discord.RateLimitNext(1, retryAfterSeconds: 64.57, global: true);
        var result = await SendAsync(NotifierSamples.Plain());
        Assert.Equal(DeliveryOutcome.Transient, result.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(65), result.RetryAfter);
        Assert.Null(result.RateLimit);
    }

    [Fact]
    public async Task SendAsync_ThreeServerErrorsThenSuccess_PostsOnce()
    {
        _discord.FailNext(3, 500);
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var failed = await SendAsync(NotifierSamples.Plain());
            Assert.Equal(DeliveryOutcome.Transient, failed.Outcome);
            Assert.Equal("500: Internal Server Error", failed.Error);
        }
        Assert.True((await SendAsync(NotifierSamples.Plain())).Succeeded);
        Assert.Single(_discord.Messages);
    }

    [Fact]
    public async Task SendAsync_ProxyErrorPage_IsTransientWithStatusAndText()
    {
        _discord.FailNext(1, 502, "<html><body>502 Bad Gateway</body></html>", "text/html");
        var result = await SendAsync(NotifierSamples.Plain());
        Assert.Equal(DeliveryOutcome.Transient, result.Outcome);
        Assert.Equal("HTTP 502 Bad Gateway: <html><body>502 Bad Gateway</body></html>", result.Error);
    }

    [Fact]
    public async Task SendAsync_DeletedWebhook_IsPermanentUnknownWebhook()
    {
        _discord.RemoveWebhook(_webhook.Id);
        var result = await SendAsync(NotifierSamples.Plain());
        Assert.Equal(DeliveryOutcome.Permanent, result.Outcome);
        Assert.Equal(404, result.HttpStatus);
        Assert.Equal("Unknown Webhook (code 10015)", result.Error);
        Assert.NotNull(result.RateLimit);
    }

    [Fact]
    public async Task SendAsync_WrongToken_IsPermanentInvalidWebhookToken()
    {
        var result = await SendAsync(NotifierSamples.Plain(), Target(_webhook.Url.AbsoluteUri.Replace(_webhook.Token, "wrongtoken", StringComparison.Ordinal)));
        Assert.Equal(DeliveryOutcome.Permanent, result.Outcome);
        Assert.Equal(401, result.HttpStatus);
        Assert.Equal("Invalid Webhook Token (code 50027)", result.Error);
    }

    [Fact]
    public async Task SendAsync_EmptyMessage_IsDiscordsPermanentEmptyMessageError()
    {
        var result = await SendAsync(NotifierSamples.Plain(" ", ""));
        Assert.Equal(DeliveryOutcome.Permanent, result.Outcome);
        Assert.Equal("Cannot send an empty message (code 50006)", result.Error);
    }

    [Fact]
    public async Task SendAsync_ConnectionDropped_IsNoResponse()
    {
        _discord.AbortNext(1);
        var result = await SendAsync(NotifierSamples.Plain());
        Assert.Equal(DeliveryOutcome.Transient, result.Outcome);
        Assert.Null(result.HttpStatus);
        Assert.False(string.IsNullOrEmpty(result.Error));
        Assert.DoesNotContain(_webhook.Token, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_RefusedByTheNetworkPolicy_IsPermanentWithTheReason()
    {
        using var publicOnly = new TestHttpClientFactory(OutboundNetworkPolicy.PublicOnly);
        var notifier = new DiscordNotifier(publicOnly, _time);
        var result = await notifier.SendAsync(Target(), NotifierSamples.Plain(), NotifierSamples.Attempt(), CancellationToken.None);
        Assert.Equal(DeliveryOutcome.Permanent, result.Outcome);
        Assert.StartsWith("Refused to connect to '127.0.0.1'", result.Error, StringComparison.Ordinal);
        Assert.Empty(_discord.Requests);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("https://discord.com/channels/1/2")]
    public async Task SendAsync_NotAWebhookUrl_IsPermanentWithoutARequest(string? url)
    {
        var target = Target() with { Secrets = new TargetSecrets(WebhookUrl: url) };
        var result = await SendAsync(NotifierSamples.Plain(), target);
        Assert.Equal(DeliveryOutcome.Permanent, result.Outcome);
        Assert.Equal("The Discord webhook URL must look like https://discord.com/api/webhooks/{id}/{token}.", result.Error);
        Assert.Empty(_discord.Requests);
    }

    [Fact]
    public async Task SendAsync_Cancelled_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _notifier.SendAsync(Target(), NotifierSamples.Plain(), NotifierSamples.Attempt(), cancelled.Token));
    }

    [Fact]
    public void LaneFor_OneLanePerWebhook_NoStaticRate_NeverMerged()
    {
        var lane = _notifier.LaneFor(Target());
        Assert.Equal($"discord:{_webhook.Id}", lane.Key);
        Assert.Null(lane.LaneRate);
        Assert.Null(lane.PoolKey);
        Assert.False(lane.MergeWhenQueued);

        Assert.Equal("discord:target-3", _notifier.LaneFor(Target() with { Secrets = TargetSecrets.Empty }).Key);
    }

    [Fact]
    public async Task InfrastructureContainer_ResolvesTheDiscordNotifierThroughTheRegistry()
    {
        using var data = new TempDirectory("nb-discord-di");
        await using var services = InfrastructureServices.ForSqlite(data.Path);
        Assert.IsType<DiscordNotifier>(services.GetRequiredService<NotifierRegistry>().Get(TargetType.Discord));
    }

    [Fact]
    public void AddDiscordNotifier_RegistersOneINotifierForDiscord_EvenWhenCalledTwice()
    {
        var services = new ServiceCollection().AddSingleton<IHttpClientFactory>(_http).AddDiscordNotifier().AddDiscordNotifier();
        using var provider = services.BuildServiceProvider();
        var notifier = Assert.Single(provider.GetServices<INotifier>());
        Assert.IsType<DiscordNotifier>(notifier);
        Assert.Equal(TargetType.Discord, notifier.Type);
    }
}

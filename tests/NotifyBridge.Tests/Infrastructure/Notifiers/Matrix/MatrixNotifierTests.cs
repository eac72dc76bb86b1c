using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NotifyBridge.Domain.Dispatch.Retry;
using NotifyBridge.Domain.Notifications;
using NotifyBridge.Domain.Settings;
using NotifyBridge.Domain.Targets;
using NotifyBridge.Infrastructure.Notifiers;
using NotifyBridge.Infrastructure.Notifiers.Matrix;
using NotifyBridge.Tests.TestSupport;
using NotifyBridge.Tests.TestSupport.Fakes.Matrix;

namespace NotifyBridge.Tests.Infrastructure.Notifiers.Matrix;

/// <summary>The Matrix notifier against the fake homeserver: exact content, txn-id idempotency, errors and retry hints.</summary>
public sealed class MatrixNotifierTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(NotifierSamples.Now);
    private readonly TestHttpClientFactory _http = new();
    private FakeMatrixHomeserver _matrix = null!;
    private FakeMatrixUser _bot = null!;
    private string _room = null!;
    private MatrixNotifier _notifier = null!;

    public async Task InitializeAsync()
    {
        _matrix = await FakeMatrixHomeserver.StartAsync();
        _bot = _matrix.AddUser("notifybridge");
        _room = _matrix.CreateRoom("#ops:example.com", _bot);
        _notifier = new MatrixNotifier(_http, _time);
    }

    public async Task DisposeAsync()
    {
        await _matrix.DisposeAsync();
        _http.Dispose();
    }

    private NotifierTarget Target(string? room = null, string? token = null, string? homeserver = null) =>
        new(5, "Matrix ops", TargetType.Matrix, new MatrixTargetSettings(homeserver ?? _matrix.BaseUrl.AbsoluteUri, room ?? _room),
            new TargetSecrets(AccessToken: token ?? _bot.AccessToken));

    private Task<SendResult> SendAsync(NotificationMessage? message = null, NotifierTarget? target = null, DeliveryAttempt? attempt = null) =>
        _notifier.SendAsync(target ?? Target(), message ?? NotifierSamples.Plain(), attempt ?? NotifierSamples.Attempt(), CancellationToken.None);

    [Fact]
    public async Task SendAsync_RepresentativeMessage_SendsTheGoldenEvent()
    {
        var result = await SendAsync(NotifierSamples.Representative());

        Assert.True(result.Succeeded, result.Error);
        var request = _matrix.Requests[^1];
        JsonGoldenFile.AssertMatches("Matrix/representative", new JsonObject
        {
            ["method"] = request.Method,
            ["target"] = request.RawTarget,
            ["authorization"] = request.Headers["Authorization"],
            ["contentType"] = request.Headers["Content-Type"],
            ["body"] = JsonNode.Parse(request.Body),
        });
        var sent = Assert.Single(_matrix.Events);
        Assert.Equal(sent.EventId, result.Receipt);
        Assert.Equal(_bot.UserId, sent.Sender);
    }

    [Fact]
    public async Task SendAsync_PutsWithTheIdempotencyKeyAsTxnId_AndABearerToken()
    {
        await SendAsync(attempt: NotifierSamples.Attempt(key: "nbd-42/a b"));
        var request = Assert.Single(_matrix.Requests);
        Assert.Equal("PUT", request.Method);
        Assert.Equal("/_matrix/client/v3/rooms/%21room1abc%3Aexample.com/send/m.room.message/nbd-42%2Fa%20b", request.RawTarget);
        Assert.Equal($"Bearer {_bot.AccessToken}", request.Headers["Authorization"]);
        Assert.Equal("nbd-42/a b", Assert.Single(_matrix.Events).TransactionId);
    }

    [Fact]
    public async Task SendAsync_AnswerLostAfterTheEventWasCreated_RetryWithTheSameKeyPostsOnce()
    {
        _matrix.LoseAnswerNext(1, status: 504);
        var first = await SendAsync(attempt: NotifierSamples.Attempt(1));
        Assert.Equal(DeliveryOutcome.Transient, first.Outcome);
        Assert.Equal(504, first.HttpStatus);

        var second = await SendAsync(attempt: NotifierSamples.Attempt(2));
        Assert.True(second.Succeeded, second.Error);
        var only = Assert.Single(_matrix.Events);
        Assert.Equal(only.EventId, second.Receipt);
    }

    [Fact]
    public async Task SendAsync_ConnectionDroppedAfterTheEventWasCreated_RetryPostsOnce()
    {
        _matrix.LoseAnswerNext(1);
        var first = await SendAsync(attempt: NotifierSamples.Attempt(1));
        Assert.Equal(DeliveryOutcome.Transient, first.Outcome);
        Assert.Null(first.HttpStatus);

        var second = await SendAsync(NotifierSamples.Plain("Re-rendered", "differs"), attempt: NotifierSamples.Attempt(2));
        Assert.True(second.Succeeded, second.Error);
        Assert.Equal("Title\nBody", Assert.Single(_matrix.Events).Body);
    }

    [Fact]
    public async Task SendAsync_RoomMentionInTheEventText_NotifiesNoOne()
    {
        await SendAsync(NotifierSamples.Plain("@room", "@room look"));
        var sent = Assert.Single(_matrix.Events);
        Assert.Contains("@room", sent.Body, StringComparison.Ordinal);
        Assert.False(sent.MentionsRoom);
    }

    [Fact]
    public async Task SendAsync_DifferentDeliveries_PostTwice()
    {
        await SendAsync(attempt: NotifierSamples.Attempt(key: "nbd-1"));
        await SendAsync(attempt: NotifierSamples.Attempt(key: "nbd-2"));
        Assert.Equal(2, _matrix.Events.Count);
    }

    [Fact]
    public async Task SendAsync_ThreeServerErrorsThenSuccess_PostsOnce()
    {
        _matrix.FailNext(3, 500);
        for (var i = 1; i <= 3; i++)
        {
            var failed = await SendAsync(attempt: NotifierSamples.Attempt(i));
            Assert.Equal(DeliveryOutcome.Transient, failed.Outcome);
            Assert.Equal("M_UNKNOWN: Internal server error", failed.Error);
        }
        Assert.True((await SendAsync(attempt: NotifierSamples.Attempt(4))).Succeeded);
        Assert.Single(_matrix.Events);
    }

    [Fact]
    public async Task SendAsync_Alias_IsResolvedThenSent()
    {
        var result = await SendAsync(target: Target("#ops:example.com"));
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("/_matrix/client/v3/directory/room/%23ops%3Aexample.com", _matrix.Requests[0].RawTarget);
        Assert.Equal(_room, Assert.Single(_matrix.Events).RoomId);
    }

    [Fact]
    public async Task SendAsync_UnknownAlias_IsPermanentNotFound()
    {
        var result = await SendAsync(target: Target("#nowhere:example.com"));
        Assert.Equal(DeliveryOutcome.Permanent, result.Outcome);
        Assert.Equal(404, result.HttpStatus);
        Assert.Equal("M_NOT_FOUND: Room alias #nowhere:example.com not found", result.Error);
    }

    [Fact]
    public async Task SendAsync_NotInTheRoom_IsPermanentForbidden()
    {
        _matrix.Leave(_room, _bot);
        var result = await SendAsync();
        Assert.Equal(DeliveryOutcome.Permanent, result.Outcome);
        Assert.Equal(403, result.HttpStatus);
        Assert.Equal($"M_FORBIDDEN: User {_bot.UserId} not in room {_room}", result.Error);
    }

    [Fact]
    public async Task SendAsync_UnknownRoom_IsPermanentForbidden()
    {
        var result = await SendAsync(target: Target("!missing:example.com"));
        Assert.Equal("M_FORBIDDEN: User @notifybridge:example.com not in room !missing:example.com", result.Error);
        Assert.Equal(DeliveryOutcome.Permanent, result.Outcome);
    }

    [Fact]
    public async Task SendAsync_UnknownToken_IsPermanent()
    {
        var result = await SendAsync(target: Target(token: "syt_revoked"));
        Assert.Equal(DeliveryOutcome.Permanent, result.Outcome);
        Assert.Equal(401, result.HttpStatus);
        Assert.Equal("M_UNKNOWN_TOKEN: Unrecognised access token", result.Error);
    }

    [Theory]
    [InlineData(2000L, true, 2000)]
    [InlineData(1500L, true, 2000)]
    [InlineData(1500L, false, 1500)]
    [InlineData(null, true, 2000)]
    public async Task SendAsync_RateLimited_IsTransientWithTheLongerHint(long? retryAfterMs, bool header, int expectedMs)
    {
        _matrix.RateLimitNext(1, retryAfterMs, header);
        var result = await SendAsync();
        Assert.Equal(DeliveryOutcome.Transient, result.Outcome);
        Assert.Equal(429, result.HttpStatus);
        Assert.Equal("M_LIMIT_EXCEEDED: Too Many Requests", result.Error);
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), result.RetryAfter);
        Assert.Empty(_matrix.Events);
    }

    [Fact]
    public async Task SendAsync_ProxyErrorPage_IsTransientWithStatusAndText()
    {
        _matrix.FailNextRaw(1, 502, "<html>Bad Gateway</html>");
        var result = await SendAsync();
        Assert.Equal(DeliveryOutcome.Transient, result.Outcome);
        Assert.Equal("HTTP 502 Bad Gateway: <html>Bad Gateway</html>", result.Error);
    }

    [Fact]
    public async Task SendAsync_HugeMessage_IsAcceptedByTheHomeserver()
    {
        var result = await SendAsync(NotifierSamples.Plain("Big", string.Concat(Enumerable.Repeat("<b>line</b> &amp; more\n", 10_000))));
        Assert.True(result.Succeeded, result.Error);
        Assert.Null(Assert.Single(_matrix.Events).FormattedBody);
    }

    [Theory]
    [InlineData("not a url", "!room1abc:example.com", "syt", "The Matrix homeserver URL must be an http(s) address such as https://matrix.example.com.")]
    [InlineData(null, "room", "syt", "The Matrix room must be a room id (!abc:example.com) or an alias (#name:example.com).")]
    [InlineData(null, "!room1abc:example.com", " ", "The Matrix access token is missing.")]
    public async Task SendAsync_BadSettings_IsPermanentWithoutARequest(string? homeserver, string room, string token, string expected)
    {
        var result = await SendAsync(target: Target(room, token, homeserver));
        Assert.Equal(DeliveryOutcome.Permanent, result.Outcome);
        Assert.Equal(expected, result.Error);
        Assert.Empty(_matrix.Requests);
    }

    [Fact]
    public async Task SendAsync_RefusedByTheNetworkPolicy_IsPermanentWithTheReason()
    {
        using var publicOnly = new TestHttpClientFactory(OutboundNetworkPolicy.PublicOnly);
        var result = await new MatrixNotifier(publicOnly, _time).SendAsync(Target(), NotifierSamples.Plain(), NotifierSamples.Attempt(), CancellationToken.None);
        Assert.Equal(DeliveryOutcome.Permanent, result.Outcome);
        Assert.StartsWith("Refused to connect to '127.0.0.1'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_HomeserverDown_IsNoResponse()
    {
        _matrix.AbortNext(1);
        var result = await SendAsync();
        Assert.Equal(DeliveryOutcome.Transient, result.Outcome);
        Assert.Null(result.HttpStatus);
        Assert.DoesNotContain(_bot.AccessToken, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void LaneFor_OneLanePerHomeserverAndRoom_NeverMerged()
    {
        var lane = _notifier.LaneFor(Target(homeserver: "https://Matrix.Example.com:8448/"));
        Assert.Equal($"matrix:matrix.example.com:8448:{_room}", lane.Key);
        Assert.False(lane.MergeWhenQueued);
        Assert.Null(lane.LaneRate);
        Assert.Equal("matrix:target-5", _notifier.LaneFor(Target(room: "bad")).Key);
    }

    [Fact]
    public async Task InfrastructureContainer_ResolvesTheMatrixNotifierThroughTheRegistry()
    {
        using var data = new TempDirectory("nb-matrix-di");
        await using var services = InfrastructureServices.ForSqlite(data.Path);
        Assert.IsType<MatrixNotifier>(services.GetRequiredService<NotifierRegistry>().Get(TargetType.Matrix));
    }

    [Fact]
    public void AddMatrixNotifier_RegistersOneINotifierForMatrix_EvenWhenCalledTwice()
    {
        var services = new ServiceCollection().AddSingleton<IHttpClientFactory>(_http).AddMatrixNotifier().AddMatrixNotifier();
        using var provider = services.BuildServiceProvider();
        var notifier = Assert.Single(provider.GetServices<INotifier>());
        Assert.IsType<MatrixNotifier>(notifier);
        Assert.Equal(TargetType.Matrix, notifier.Type);
    }
}

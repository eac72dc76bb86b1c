using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using NotifyBridge.Tests.TestSupport.Fakes.Matrix;

namespace NotifyBridge.Tests.Infrastructure.Notifiers.Matrix;

/// <summary>The fake homeserver enforces each rule of /work/shared/fixtures/matrix/REFERENCE.md.</summary>
public sealed class FakeMatrixHomeserverTests : IAsyncLifetime
{
    private const string Content = """{"msgtype":"m.text","body":"This is an example text message","format":"org.matrix.custom.html","formatted_body":"<b>This is an example text message</b>"}""";
    private readonly HttpClient _client = new();
    private FakeMatrixHomeserver _matrix = null!;
    private FakeMatrixUser _bot = null!;
    private string _room = null!;

    public async Task InitializeAsync()
    {
        _matrix = await FakeMatrixHomeserver.StartAsync();
        _bot = _matrix.AddUser();
        _room = _matrix.CreateRoom("#ops:example.com", _bot);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _matrix.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(
        string txnId = "35", string body = Content, string? token = "default", string? room = null, HttpMethod? method = null, string? path = null)
    {
        path ??= $"_matrix/client/v3/rooms/{Uri.EscapeDataString(room ?? _room)}/send/m.room.message/{Uri.EscapeDataString(txnId)}";
        using var request = new HttpRequestMessage(method ?? HttpMethod.Put, new Uri(_matrix.BaseUrl, path))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token == "default" ? _bot.AccessToken : token);
        var response = await _client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            parsed = JsonValue.Create(text);
        }
        return (response.StatusCode, parsed, response);
    }

    private static void AssertError(JsonNode? body, string errcode, string error)
    {
        Assert.Equal(errcode, body!["errcode"]!.GetValue<string>());
        Assert.Equal(error, body["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Send_TheSpecExample_Answers200WithAnEventId()
    {
        var (status, body, _) = await SendAsync();
        Assert.Equal(HttpStatusCode.OK, status);
        var eventId = body!["event_id"]!.GetValue<string>();
        Assert.StartsWith("$", eventId, StringComparison.Ordinal);
        var sent = Assert.Single(_matrix.Events);
        Assert.Equal((eventId, _room, "35", "m.text"), (sent.EventId, sent.RoomId, sent.TransactionId, sent.MsgType));
    }

    [Fact]
    public async Task Send_SameTxnId_AnswersTheSameEvent_AndCreatesNoSecond()
    {
        var first = await SendAsync("txn-1");
        var again = await SendAsync("txn-1", """{"msgtype":"m.text","body":"changed"}""");
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(first.Body!.ToJsonString(), again.Body!.ToJsonString());
        Assert.Single(_matrix.Events);

        await SendAsync("txn-2");
        Assert.Equal(2, _matrix.Events.Count);
    }

    [Fact]
    public async Task Send_SameTxnIdFromAnotherDevice_IsANewEvent()
    {
        var other = _matrix.AddUser("other");
        _matrix.Join(_room, other);
        await SendAsync("txn-1");
        await SendAsync("txn-1", token: other.AccessToken);
        Assert.Equal(2, _matrix.Events.Count);
    }

    [Fact]
    public async Task Send_WithoutToken_Is401MissingToken_EvenWithTheQueryParameter()
    {
        var (status, body, _) = await SendAsync(token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        AssertError(body, "M_MISSING_TOKEN", "Missing access token");

        var query = await SendAsync(token: null, path: $"_matrix/client/v3/rooms/{Uri.EscapeDataString(_room)}/send/m.room.message/1?access_token={_bot.AccessToken}");
        AssertError(query.Body, "M_MISSING_TOKEN", "Missing access token");
        Assert.Empty(_matrix.Events);
    }

    [Fact]
    public async Task Send_UnknownToken_Is401UnknownToken_WithSoftLogoutFalse()
    {
        var (status, body, _) = await SendAsync(token: "syt_nope");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        AssertError(body, "M_UNKNOWN_TOKEN", "Unrecognised access token");
        Assert.False(body!["soft_logout"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Send_NotJoined_Is403Forbidden_UnknownRoomToo()
    {
        _matrix.Leave(_room, _bot);
        var (status, body, _) = await SendAsync();
        Assert.Equal(HttpStatusCode.Forbidden, status);
        AssertError(body, "M_FORBIDDEN", $"User {_bot.UserId} not in room {_room}");

        AssertError((await SendAsync(room: "!unknown:example.com")).Body, "M_FORBIDDEN", $"User {_bot.UserId} not in room !unknown:example.com");
    }

    [Fact]
    public async Task Send_AliasInsteadOfRoomId_Is400()
    {
        var (status, body, _) = await SendAsync(room: "#ops:example.com");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertError(body, "M_INVALID_PARAM", "Expected RoomID string to start with '!'");
    }

    [Theory]
    [InlineData("not json", "M_NOT_JSON", "Content not JSON.")]
    [InlineData("[1]", "M_BAD_JSON", "Content must be a JSON object.")]
    [InlineData("""{"body":"x"}""", "M_BAD_JSON", "'msgtype' is required and must be a string")]
    [InlineData("""{"msgtype":"m.text"}""", "M_BAD_JSON", "'body' is required and must be a string")]
    [InlineData("""{"msgtype":"m.text","body":5}""", "M_BAD_JSON", "'body' is required and must be a string")]
    [InlineData("""{"msgtype":"m.text","body":"x","format":"org.matrix.custom.html"}""", "M_BAD_JSON", "'format' and 'formatted_body' must be given together")]
    [InlineData("""{"msgtype":"m.text","body":"x","formatted_body":"<b>x</b>"}""", "M_BAD_JSON", "'format' and 'formatted_body' must be given together")]
    [InlineData("""{"msgtype":"m.text","body":"x","format":"markdown","formatted_body":"**x**"}""", "M_BAD_JSON", "'format' must be \"org.matrix.custom.html\" and 'formatted_body' a string")]
    public async Task Send_MalformedContent_Is400(string content, string errcode, string error)
    {
        var (status, body, _) = await SendAsync(body: content);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertError(body, errcode, error);
        Assert.Empty(_matrix.Events);
    }

    [Fact]
    public async Task Send_PlainBodyWithoutFormat_IsAccepted_AsIsMNotice()
    {
        Assert.Equal(HttpStatusCode.OK, (await SendAsync("a", """{"msgtype":"m.text","body":"x"}""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync("b", """{"msgtype":"m.notice","body":"x"}""")).Status);
    }

    [Fact]
    public async Task RoomMention_CountsOnlyWithoutIntentionalMentions()
    {
        await SendAsync("a", """{"msgtype":"m.text","body":"@room hi"}""");
        await SendAsync("b", """{"msgtype":"m.text","body":"@room hi","m.mentions":{}}""");
        await SendAsync("c", """{"msgtype":"m.text","body":"hi","m.mentions":{"room":true}}""");
        Assert.Equal([true, false, true], _matrix.Events.Select(e => e.MentionsRoom));
    }

    [Fact]
    public async Task Send_EventOver64KiB_Is413TooLarge()
    {
        var (status, body, _) = await SendAsync(body: $$"""{"msgtype":"m.text","body":"{{new string('x', 65_600)}}"}""");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        AssertError(body, "M_TOO_LARGE", "event too large");
    }

    [Fact]
    public async Task UnknownEndpoint_Is404Unrecognized_WrongMethod405()
    {
        var (status, body, _) = await SendAsync(path: "_matrix/client/v3/sync", method: HttpMethod.Get);
        Assert.Equal(HttpStatusCode.NotFound, status);
        AssertError(body, "M_UNRECOGNIZED", "Unrecognized request");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await SendAsync(method: HttpMethod.Post)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(path: $"_matrix/client/r0/rooms/{Uri.EscapeDataString(_room)}/send/m.room.message/1")).Status);
    }

    [Fact]
    public async Task DirectoryLookup_AnswersTheRoomId_OrNotFound()
    {
        var (status, body, _) = await SendAsync(method: HttpMethod.Get, path: "_matrix/client/v3/directory/room/%23ops%3Aexample.com");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(_room, body!["room_id"]!.GetValue<string>());

        var missing = await SendAsync(method: HttpMethod.Get, path: "_matrix/client/v3/directory/room/%23nope%3Aexample.com");
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        AssertError(missing.Body, "M_NOT_FOUND", "Room alias #nope:example.com not found");
    }

    [Fact]
    public async Task RateLimitNext_IsSynapsesShape_WithRetryAfterRoundedUp()
    {
        _matrix.RateLimitNext(1, 2500);
        var (status, body, response) = await SendAsync();
        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Equal("""{"errcode":"M_LIMIT_EXCEEDED","error":"Too Many Requests","retry_after_ms":2500}""", body!.ToJsonString());
        Assert.Equal("3", response.Headers.GetValues("Retry-After").Single());
        Assert.Equal(HttpStatusCode.OK, (await SendAsync()).Status);
    }

    [Fact]
    public async Task RateLimitNext_EitherHintMayBeMissing()
    {
        _matrix.RateLimitNext(1, retryAfterMs: null);
        var (_, headerOnly, headerResponse) = await SendAsync();
        Assert.False(headerOnly!.AsObject().ContainsKey("retry_after_ms"));
        Assert.Equal("2", headerResponse.Headers.GetValues("Retry-After").Single());

        _matrix.RateLimitNext(1, 1000, retryAfterHeader: false);
        var (_, bodyOnly, bodyResponse) = await SendAsync();
        Assert.Equal(1000, bodyOnly!["retry_after_ms"]!.GetValue<long>());
        Assert.False(bodyResponse.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task LoseAnswerNext_StoresTheEvent_ThenFails_TheRetryGetsTheSameEvent()
    {
        _matrix.LoseAnswerNext(1, 504);
        var (status, _, _) = await SendAsync("t");
        Assert.Equal(HttpStatusCode.GatewayTimeout, status);
        var stored = Assert.Single(_matrix.Events);

        var (retry, body, _) = await SendAsync("t");
        Assert.Equal(HttpStatusCode.OK, retry);
        Assert.Equal(stored.EventId, body!["event_id"]!.GetValue<string>());
        Assert.Single(_matrix.Events);
    }

    [Fact]
    public async Task AbortNext_DropsTheConnection()
    {
        _matrix.AbortNext(1);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => SendAsync());
        Assert.Empty(_matrix.Events);
    }

    [Fact]
    public async Task WaitForEventsAsync_ReturnsOnceEnoughArrived()
    {
        var waiting = _matrix.WaitForEventsAsync(1);
        await SendAsync();
        Assert.Single(await waiting);
    }
}

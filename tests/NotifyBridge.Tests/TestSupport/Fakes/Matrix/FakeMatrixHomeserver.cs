using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace NotifyBridge.Tests.TestSupport.Fakes.Matrix;

/// <summary>
/// A fake Matrix homeserver on a real Kestrel server (127.0.0.1, free port), following
/// /work/shared/fixtures/matrix/REFERENCE.md for
/// <c>PUT /_matrix/client/v3/rooms/{roomId}/send/{eventType}/{txnId}</c>: a Bearer token in the
/// Authorization header (401 M_MISSING_TOKEN / M_UNKNOWN_TOKEN), 403 M_FORBIDDEN unless the user
/// is joined, content checks (M_NOT_JSON, M_BAD_JSON: msgtype and body required, format and
/// formatted_body together), 413 M_TOO_LARGE over 65,536 bytes, and transaction idempotency: the
/// same token + room + txn id answers the original event id again and creates nothing. Also
/// <c>GET /_matrix/client/v3/directory/room/{alias}</c>. Unknown endpoints: 404 M_UNRECOGNIZED.
/// Scriptable: <see cref="FailNext"/>, <see cref="RateLimitNext"/>, <see cref="AbortNext"/>, and
/// <see cref="LoseAnswerNext"/> (the event is created, the answer lost). No test framework inside.
/// </summary>
public sealed class FakeMatrixHomeserver : IAsyncDisposable
{
    private const string JsonType = "application/json";
    private const int MaxEventBytes = 65_536;
    private static readonly JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Lock _gate = new();
    private readonly WebApplication _app;
    private readonly Dictionary<string, FakeMatrixUser> _usersByToken = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _members = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _aliases = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Token, string Room, string Type, string Txn), string> _transactions = [];
    private readonly Queue<Func<Dictionary<string, string>, (int Status, string Body, string ContentType)?>> _script = new();
    private readonly Queue<int?> _loseAnswers = new();
    private readonly List<FakeMatrixRequest> _requests = [];
    private readonly List<FakeMatrixEvent> _events = [];
    private int _nextRoom = 1;

    private FakeMatrixHomeserver(WebApplication app, string serverName)
    {
        _app = app;
        ServerName = serverName;
    }

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The server part of ids (@user:example.com, !room:example.com).</summary>
    public string ServerName { get; }

    public IReadOnlyList<FakeMatrixRequest> Requests
    {
        get { lock (_gate) return [.. _requests]; }
    }

    public IReadOnlyList<FakeMatrixEvent> Events
    {
        get { lock (_gate) return [.. _events]; }
    }

    public static async Task<FakeMatrixHomeserver> StartAsync(string serverName = "example.com")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeMatrixHomeserver(app, serverName);
        app.Run(fake.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        fake.BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return fake;
    }

    public FakeMatrixUser AddUser(string localpart = "notifybridge")
    {
        lock (_gate)
        {
            var user = new FakeMatrixUser($"@{localpart}:{ServerName}", $"syt_{localpart}_{_usersByToken.Count + 1}_notarealtoken");
            _usersByToken[user.AccessToken] = user;
            return user;
        }
    }

    /// <summary>Creates a room with these members joined; an alias (#name:server) is registered when given.</summary>
    public string CreateRoom(string? alias = null, params FakeMatrixUser[] members)
    {
        lock (_gate)
        {
            var roomId = $"!room{_nextRoom++}abc:{ServerName}";
            _members[roomId] = new HashSet<string>(members.Select(m => m.UserId), StringComparer.Ordinal);
            if (alias is not null) _aliases[alias] = roomId;
            return roomId;
        }
    }

    public void Join(string roomId, FakeMatrixUser user)
    {
        lock (_gate) _members[roomId].Add(user.UserId);
    }

    public void Leave(string roomId, FakeMatrixUser user)
    {
        lock (_gate) _members[roomId].Remove(user.UserId);
    }

    public IReadOnlyList<FakeMatrixEvent> EventsIn(string roomId)
    {
        lock (_gate) return _events.Where(e => e.RoomId == roomId).ToList();
    }

    /// <summary>The next <paramref name="count"/> requests answer <c>{"errcode","error"}</c> with this status, before any other check.</summary>
    public void FailNext(int count, int status, string errcode = "M_UNKNOWN", string error = "Internal server error") =>
        Enqueue(count, _ => (status, Json(new JsonObject { ["errcode"] = errcode, ["error"] = error }), JsonType));

    /// <summary>The next <paramref name="count"/> requests answer this raw body (a proxy's HTML error page, say).</summary>
    public void FailNextRaw(int count, int status, string body, string contentType = "text/html") =>
        Enqueue(count, _ => (status, body, contentType));

    /// <summary>
    /// The next <paramref name="count"/> requests answer 429 M_LIMIT_EXCEEDED "Too Many Requests", with
    /// <c>retry_after_ms</c> when given and <c>Retry-After: ceil(ms/1000)</c> when asked (Synapse sends both; either may be missing).
    /// </summary>
    public void RateLimitNext(int count, long? retryAfterMs = 2000, bool retryAfterHeader = true) =>
        Enqueue(count, headers =>
        {
            var body = new JsonObject { ["errcode"] = "M_LIMIT_EXCEEDED", ["error"] = "Too Many Requests" };
            if (retryAfterMs is { } ms) body["retry_after_ms"] = ms;
            if (retryAfterHeader) headers["Retry-After"] = ((long)Math.Ceiling((retryAfterMs ?? 2000) / 1000.0)).ToString(CultureInfo.InvariantCulture);
            return (429, Json(body), JsonType);
        });

    /// <summary>The next <paramref name="count"/> requests get no answer: the connection is dropped.</summary>
    public void AbortNext(int count) => Enqueue(count, _ => null);

    /// <summary>
    /// The next <paramref name="count"/> sends that create an event lose their answer: the event is
    /// stored, then the connection is dropped (<paramref name="status"/> null) or a gateway error is
    /// answered (e.g. 504). A client retrying with the same txn id must then get the same event id.
    /// </summary>
    public void LoseAnswerNext(int count, int? status = null)
    {
        lock (_gate)
            for (var i = 0; i < count; i++) _loseAnswers.Enqueue(status);
    }

    /// <summary>Waits until at least <paramref name="count"/> events exist.</summary>
    public async Task<IReadOnlyList<FakeMatrixEvent>> WaitForEventsAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var events = Events;
            if (events.Count >= count) return events;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Fake Matrix received {events.Count} of {count} events.");
            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    private void Enqueue(int count, Func<Dictionary<string, string>, (int, string, string)?> answer)
    {
        lock (_gate)
            for (var i = 0; i < count; i++) _script.Enqueue(answer);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        string body;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8)) body = await reader.ReadToEndAsync().ConfigureAwait(false);
        var rawTarget = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        var answer = Answer(request, rawTarget, body, headers);
        lock (_gate)
            _requests.Add(new FakeMatrixRequest(request.Method, rawTarget,
                request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body, answer?.Status ?? 0, answer?.Body ?? "", new Dictionary<string, string>(headers)));
        if (answer is not { } reply)
        {
            context.Abort();
            return;
        }
        context.Response.StatusCode = reply.Status;
        foreach (var (name, value) in headers) context.Response.Headers[name] = value;
        context.Response.ContentType = reply.ContentType;
        await context.Response.WriteAsync(reply.Body).ConfigureAwait(false);
    }

    private (int Status, string Body, string ContentType)? Answer(HttpRequest request, string rawTarget, string body, Dictionary<string, string> headers)
    {
        var segments = rawTarget.Split('?')[0].Split('/').Skip(1).Select(Uri.UnescapeDataString).ToArray();
        var isSend = segments is ["_matrix", "client", "v3", "rooms", _, "send", _, _];
        var isDirectory = segments is ["_matrix", "client", "v3", "directory", "room", _];
        if (!isSend && !isDirectory) return Error(404, "M_UNRECOGNIZED", "Unrecognized request");
        if (isSend && !HttpMethods.IsPut(request.Method) || isDirectory && !HttpMethods.IsGet(request.Method))
            return Error(405, "M_UNRECOGNIZED", "Unrecognized request");

        Func<Dictionary<string, string>, (int, string, string)?>? scripted;
        lock (_gate) scripted = _script.Count > 0 ? _script.Dequeue() : null;
        if (scripted is not null) return scripted(headers);

        // The access_token query parameter is no longer supported (v1.20): only the header counts.
        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal)) return Error(401, "M_MISSING_TOKEN", "Missing access token");
        FakeMatrixUser? user;
        lock (_gate) _usersByToken.TryGetValue(authorization["Bearer ".Length..].Trim(), out user);
        if (user is null) return Error(401, "M_UNKNOWN_TOKEN", "Unrecognised access token", new JsonObject { ["soft_logout"] = false });

        return isDirectory ? ResolveAlias(segments[5]) : Send(user, segments[4], segments[6], segments[7], body, headers);
    }

    private (int, string, string) ResolveAlias(string alias)
    {
        lock (_gate)
            return _aliases.TryGetValue(alias, out var roomId)
                ? (200, Json(new JsonObject { ["room_id"] = roomId, ["servers"] = new JsonArray(ServerName) }), JsonType)
                : Error(404, "M_NOT_FOUND", $"Room alias {alias} not found");
    }

    private (int, string, string)? Send(FakeMatrixUser user, string roomId, string eventType, string txnId, string body, Dictionary<string, string> headers)
    {
        if (!roomId.StartsWith('!')) return Error(400, "M_INVALID_PARAM", "Expected RoomID string to start with '!'");
        lock (_gate)
        {
            // Idempotency first: a repeated transaction answers the original event, whatever the body says now.
            if (_transactions.TryGetValue((user.AccessToken, roomId, eventType, txnId), out var original))
                return (200, Json(new JsonObject { ["event_id"] = original }), JsonType);
            if (!_members.TryGetValue(roomId, out var members) || !members.Contains(user.UserId))
                return Error(403, "M_FORBIDDEN", $"User {user.UserId} not in room {roomId}");
        }
        if (Encoding.UTF8.GetByteCount(body) > MaxEventBytes) return Error(413, "M_TOO_LARGE", "event too large");
        JsonObject? content;
        try
        {
            content = JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return Error(400, "M_NOT_JSON", "Content not JSON.");
        }
        if (content is null) return Error(400, "M_BAD_JSON", "Content must be a JSON object.");
        if (eventType == "m.room.message" && ContentProblem(content) is { } problem) return Error(400, "M_BAD_JSON", problem);

        int? lose = null;
        bool lost;
        string eventId;
        lock (_gate)
        {
            eventId = $"$event{_events.Count + 1}fake:{ServerName}";
            _events.Add(new FakeMatrixEvent(eventId, roomId, user.UserId, eventType, txnId, content, body));
            _transactions[(user.AccessToken, roomId, eventType, txnId)] = eventId;
            lost = _loseAnswers.Count > 0;
            if (lost) lose = _loseAnswers.Dequeue();
        }
        if (lost) return lose is { } status ? (status, $"<html><body><h1>{status} Gateway Time-out</h1></body></html>", "text/html") : null;
        return (200, Json(new JsonObject { ["event_id"] = eventId }), JsonType);
    }

    /// <summary>m.room.message rules: msgtype and body are strings; format and formatted_body come together; only org.matrix.custom.html.</summary>
    private static string? ContentProblem(JsonObject content)
    {
        if (!IsString(content["msgtype"])) return "'msgtype' is required and must be a string";
        if (!IsString(content["body"])) return "'body' is required and must be a string";
        var hasFormat = content.ContainsKey("format");
        var hasFormatted = content.ContainsKey("formatted_body");
        if (hasFormat != hasFormatted) return "'format' and 'formatted_body' must be given together";
        if (hasFormat && (!IsString(content["formatted_body"]) || content["format"]?.GetValueKind() != JsonValueKind.String
            || content["format"]!.GetValue<string>() != "org.matrix.custom.html"))
            return "'format' must be \"org.matrix.custom.html\" and 'formatted_body' a string";
        return null;
    }

    private static bool IsString(JsonNode? node) => node?.GetValueKind() == JsonValueKind.String;

    private static (int, string, string) Error(int status, string errcode, string error, JsonObject? extra = null)
    {
        var body = new JsonObject { ["errcode"] = errcode, ["error"] = error };
        if (extra is not null)
            foreach (var (name, value) in extra) body[name] = value?.DeepClone();
        return (status, Json(body), JsonType);
    }

    private static string Json(JsonObject body) => body.ToJsonString(Compact);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace NotifyBridge.Tests.TestSupport.Fakes.Discord;

/// <summary>
/// A fake discord.com for Execute Webhook on a real Kestrel server (127.0.0.1, free port), following
/// /work/shared/fixtures/discord/REFERENCE.md: <c>POST /api/v10/webhooks/{id}/{token}</c>, no
/// Authorization header, a <c>DiscordBot (...)</c> User-Agent, JSON / form / multipart bodies,
/// every limit as a 400 50035 field error, 50006 for an empty message, 404 10015 Unknown Webhook,
/// 401 50027 Invalid Webhook Token, <c>wait=true</c> → 200 + Message, otherwise 204, and
/// X-RateLimit-* headers on every answer of a webhook route from a per-webhook bucket
/// (<see cref="BucketLimit"/> per <see cref="BucketWindow"/>, 429 "user" when exhausted).
/// Failures can be scripted (<see cref="FailNext"/>, <see cref="RateLimitNext"/>, <see cref="AbortNext"/>).
/// No test framework inside: the E2E project can reuse it.
/// </summary>
public sealed partial class FakeDiscordWebhook : IAsyncDisposable
{
    private const string JsonType = "application/json";
    private static readonly JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Lock _gate = new();
    private readonly WebApplication _app;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, FakeDiscordWebhookInfo> _webhooks = new(StringComparer.Ordinal);
    private readonly HashSet<string> _answeredNotFound = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (DateTimeOffset ResetAt, int Used)> _buckets = new(StringComparer.Ordinal);
    private readonly Queue<Func<Dictionary<string, string>, (int Status, string Body, string ContentType)?>> _script = new();
    private readonly List<FakeDiscordRequest> _requests = [];
    private readonly List<FakeDiscordMessage> _messages = [];
    private long _nextSnowflake = 1300000000000000500;
    private int _webhookCount;

    private FakeDiscordWebhook(WebApplication app, TimeProvider time)
    {
        _app = app;
        _time = time;
    }

    /// <summary>Where the fake listens, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Requests per webhook per <see cref="BucketWindow"/> (Discord's docs say not to hard-code it; 5 is what webhooks see).</summary>
    public int BucketLimit { get; set; } = 5;

    public TimeSpan BucketWindow { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>When false, the bucket headers are still sent but an exhausted bucket does not answer 429.</summary>
    public bool EnforceRateLimit { get; set; } = true;

    /// <summary>Without a "DiscordBot (url, version)" User-Agent the request is blocked as Cloudflare may (403 "error code: 1010").</summary>
    public bool RequireUserAgent { get; set; } = true;

    /// <summary>Requests to a webhook after the fake answered 404 for it (Discord: "must not be used again").</summary>
    public int RequestsAfterNotFound { get; private set; }

    public IReadOnlyList<FakeDiscordRequest> Requests
    {
        get { lock (_gate) return [.. _requests]; }
    }

    public IReadOnlyList<FakeDiscordMessage> Messages
    {
        get { lock (_gate) return [.. _messages]; }
    }

    public static async Task<FakeDiscordWebhook> StartAsync(TimeProvider? timeProvider = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeDiscordWebhook(app, timeProvider ?? TimeProvider.System);
        app.Run(fake.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        fake.BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return fake;
    }

    /// <summary>Creates a webhook; its <see cref="FakeDiscordWebhookInfo.Url"/> is the URL to configure.</summary>
    public FakeDiscordWebhookInfo AddWebhook(string name = "Captain Hook")
    {
        lock (_gate)
        {
            var n = _webhookCount++;
            var id = (1300000000000000101 + n).ToString(CultureInfo.InvariantCulture);
            // Deterministic, so golden files can show the path; shaped like a real token (letters, digits, - and _).
            var token = $"fakeToken-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..24]}_{n}";
            var info = new FakeDiscordWebhookInfo(id, token, (1200000000000000201 + n).ToString(CultureInfo.InvariantCulture), name,
                new Uri(BaseUrl, $"api/webhooks/{id}/{token}"));
            _webhooks[id] = info;
            return info;
        }
    }

    /// <summary>Deletes a webhook: later requests get 404 Unknown Webhook.</summary>
    public void RemoveWebhook(string id)
    {
        lock (_gate) _webhooks.Remove(id);
    }

    /// <summary>The next <paramref name="count"/> webhook requests answer <paramref name="status"/> with this body (default: Discord's 500 shape), before any other check.</summary>
    public void FailNext(int count, int status, string? body = null, string contentType = JsonType)
    {
        body ??= JsonSerializer.Serialize(new { message = "500: Internal Server Error", code = 0 });
        Enqueue(count, _ => (status, body, contentType));
    }

    /// <summary>
    /// The next <paramref name="count"/> webhook requests answer 429 in the docs' shape:
    /// <c>{"message","retry_after","global"}</c>, <c>Retry-After</c> (whole seconds, rounded up),
    /// <c>X-RateLimit-Scope</c>, and <c>X-RateLimit-Global: true</c> when global (then no bucket headers).
    /// </summary>
    public void RateLimitNext(int count, double retryAfterSeconds, bool global = false, string scope = "user", bool retryAfterHeader = true)
    {
        var message = scope == "shared" ? "The resource is being rate limited." : "You are being rate limited.";
        var body = JsonSerializer.Serialize(new { message, retry_after = retryAfterSeconds, global });
        Enqueue(count, headers =>
        {
            if (global)
            {
                foreach (var name in headers.Keys.Where(k => k.StartsWith("X-RateLimit-", StringComparison.Ordinal)).ToList()) headers.Remove(name);
                headers["X-RateLimit-Global"] = "true";
            }
            else
            {
                headers["X-RateLimit-Remaining"] = "0";
                headers["X-RateLimit-Reset-After"] = Seconds(retryAfterSeconds);
            }
            headers["X-RateLimit-Scope"] = global ? "global" : scope;
            if (retryAfterHeader) headers["Retry-After"] = Math.Ceiling(retryAfterSeconds).ToString(CultureInfo.InvariantCulture);
            return (429, body, JsonType);
        });
    }

    /// <summary>The next <paramref name="count"/> webhook requests get no answer: the connection is dropped.</summary>
    public void AbortNext(int count) => Enqueue(count, _ => null);

    /// <summary>Waits until at least <paramref name="count"/> messages were accepted.</summary>
    public async Task<IReadOnlyList<FakeDiscordMessage>> WaitForMessagesAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var messages = Messages;
            if (messages.Count >= count) return messages;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Fake Discord received {messages.Count} of {count} messages.");
            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    private void Enqueue(int count, Func<Dictionary<string, string>, (int, string, string)?> answer)
    {
        lock (_gate)
            for (var i = 0; i < count; i++) _script.Enqueue(answer);
    }

    [GeneratedRegex(@"^/api/v10/webhooks/(?<id>[^/?]+)/(?<token>[^/?]+)$")]
    private static partial Regex WebhookPath();

    [GeneratedRegex(@"^DiscordBot \(.+, .+\)$")]
    private static partial Regex DiscordBotUserAgent();

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        request.EnableBuffering();
        string body;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8, leaveOpen: true)) body = await reader.ReadToEndAsync().ConfigureAwait(false);
        request.Body.Position = 0;
        var rawTarget = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        var answer = await AnswerAsync(context, rawTarget, body, headers).ConfigureAwait(false);
        lock (_gate)
            _requests.Add(new FakeDiscordRequest(request.Method, rawTarget,
                request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body, answer?.Status ?? 0, answer?.Body ?? "", new Dictionary<string, string>(headers), _time.GetUtcNow()));
        if (answer is not { } reply)
        {
            context.Abort();
            return;
        }
        context.Response.StatusCode = reply.Status;
        foreach (var (name, value) in headers) context.Response.Headers[name] = value;
        if (reply.Body.Length > 0)
        {
            context.Response.ContentType = reply.ContentType;
            await context.Response.WriteAsync(reply.Body).ConfigureAwait(false);
        }
    }

    private async Task<(int Status, string Body, string ContentType)?> AnswerAsync(HttpContext context, string rawTarget, string body, Dictionary<string, string> headers)
    {
        var request = context.Request;
        if (RequireUserAgent && !DiscordBotUserAgent().IsMatch(request.Headers.UserAgent.ToString()))
            return (403, "error code: 1010", "text/plain");

        var path = rawTarget.Split('?')[0];
        var route = WebhookPath().Match(path);
        if (!route.Success) return (404, Error("404: Not Found", 0), JsonType);
        var id = Uri.UnescapeDataString(route.Groups["id"].Value);
        var token = Uri.UnescapeDataString(route.Groups["token"].Value);

        Func<Dictionary<string, string>, (int, string, string)?>? scripted;
        FakeDiscordWebhookInfo? webhook;
        bool limited;
        lock (_gate)
        {
            limited = !TakeFromBucket($"{id}/{token}", headers);
            scripted = _script.Count > 0 ? _script.Dequeue() : null;
            _webhooks.TryGetValue(id, out webhook);
            if (_answeredNotFound.Contains(id)) RequestsAfterNotFound++;
        }
        if (scripted is not null) return scripted(headers);
        if (limited && EnforceRateLimit)
        {
            var resetAfter = headers["X-RateLimit-Reset-After"];
            headers["X-RateLimit-Scope"] = "user";
            headers["Retry-After"] = Math.Ceiling(double.Parse(resetAfter, CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture);
            return (429, JsonSerializer.Serialize(new { message = "You are being rate limited.", retry_after = double.Parse(resetAfter, CultureInfo.InvariantCulture), global = false }), JsonType);
        }
        if (!HttpMethods.IsPost(request.Method)) return (405, Error("405: Method Not Allowed", 0), JsonType);
        if (request.Headers.Authorization.Count > 0) return (401, Error("401: Unauthorized", 0), JsonType);
        if (webhook is null)
        {
            lock (_gate) _answeredNotFound.Add(id);
            return (404, Error("Unknown Webhook", 10015), JsonType);
        }
        if (!string.Equals(webhook.Token, token, StringComparison.Ordinal)) return (401, Error("Invalid Webhook Token", 50027), JsonType);

        var wait = false;
        if (request.Query.TryGetValue("wait", out var waitValue))
        {
            if (waitValue.ToString() is "True" or "true" or "1") wait = true;
            else if (waitValue.ToString() is not ("False" or "false" or "0"))
                return (400, FormError([new("wait", "BOOLEAN_TYPE_CONVERT", "Must be either true or false.")]), JsonType);
        }
        var threadId = request.Query.TryGetValue("thread_id", out var thread) ? thread.ToString() : null;

        var (payload, hasFiles, problem) = await ReadPayloadAsync(request, body).ConfigureAwait(false);
        if (problem is not null) return (400, problem, JsonType);

        var errors = FakeDiscordValidation.Validate(payload!);
        if (errors.Count > 0) return (400, FormError(errors), JsonType);
        if (FakeDiscordValidation.IsEmpty(payload!, hasFiles)) return (400, Error("Cannot send an empty message", 50006), JsonType);

        var message = Accept(webhook, payload!, threadId, wait);
        return wait ? (200, message.Message.ToJsonString(Compact), JsonType) : (204, "", JsonType);
    }

    /// <summary>JSON, a form, or multipart with payload_json; anything else is Discord's CONTENT_TYPE_INVALID.</summary>
    private static async Task<(JsonObject? Payload, bool HasFiles, string? Problem)> ReadPayloadAsync(HttpRequest request, string body)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType == JsonType)
        {
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(body);
            }
            catch (JsonException)
            {
                return (null, false, Error("The request body contains invalid JSON.", 50109));
            }
            return node is JsonObject payload
                ? (payload, false, null)
                : (null, false, FormError([new("_root", "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType")]));
        }
        if (mediaType is "multipart/form-data" or "application/x-www-form-urlencoded")
        {
            var form = await request.ReadFormAsync().ConfigureAwait(false);
            JsonObject payload;
            if (form.TryGetValue("payload_json", out var json))
            {
                try
                {
                    payload = JsonNode.Parse(json.ToString()) as JsonObject ?? [];
                }
                catch (JsonException)
                {
                    return (null, false, Error("The request body contains invalid JSON.", 50109));
                }
            }
            else
            {
                payload = [];
                foreach (var key in new[] { "content", "username", "avatar_url" })
                    if (form.TryGetValue(key, out var value)) payload[key] = value.ToString();
            }
            return (payload, form.Files.Count > 0, null);
        }
        return (null, false, FormError([new("_root", "CONTENT_TYPE_INVALID",
            "Expected \"Content-Type\" header to be one of {'application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'}.")]));
    }

    private FakeDiscordMessage Accept(FakeDiscordWebhookInfo webhook, JsonObject payload, string? threadId, bool wait)
    {
        lock (_gate)
        {
            var id = (_nextSnowflake++).ToString(CultureInfo.InvariantCulture);
            var content = payload["content"]?.GetValue<string>() ?? "";
            var parse = payload["allowed_mentions"]?["parse"] as JsonArray;
            // Without allowed_mentions a webhook's "@everyone" pings; with it only when "everyone" is listed.
            var everyoneAllowed = payload["allowed_mentions"] is null || parse?.Any(p => p?.GetValue<string>() == "everyone") == true;
            var mentionsEveryone = everyoneAllowed && (content.Contains("@everyone", StringComparison.Ordinal) || content.Contains("@here", StringComparison.Ordinal));
            var embeds = new JsonArray();
            if (payload["embeds"] is JsonArray sent)
                foreach (var embed in sent.OfType<JsonObject>()) embeds.Add(AsRichEmbed(embed));
            var message = new JsonObject
            {
                ["type"] = 0,
                ["content"] = content,
                ["mentions"] = new JsonArray(),
                ["mention_roles"] = new JsonArray(),
                ["attachments"] = new JsonArray(),
                ["embeds"] = embeds,
                ["timestamp"] = _time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture),
                ["edited_timestamp"] = null,
                ["flags"] = payload["flags"]?.DeepClone() ?? 0,
                ["components"] = new JsonArray(),
                ["id"] = id,
                ["channel_id"] = threadId ?? webhook.ChannelId,
                ["author"] = new JsonObject
                {
                    ["id"] = webhook.Id,
                    ["username"] = payload["username"]?.GetValue<string>()?.Trim() ?? webhook.Name,
                    ["avatar"] = null,
                    ["discriminator"] = "0000",
                    ["public_flags"] = 0,
                    ["flags"] = 0,
                    ["bot"] = true,
                    ["global_name"] = null,
                    ["primary_guild"] = null,
                },
                ["pinned"] = false,
                ["mention_everyone"] = mentionsEveryone,
                ["tts"] = false,
                ["webhook_id"] = webhook.Id,
            };
            var accepted = new FakeDiscordMessage(id, webhook.Id, threadId, wait, (JsonObject)payload.DeepClone(), message);
            _messages.Add(accepted);
            return accepted;
        }
    }

    /// <summary>Webhook embeds come back as type "rich"; provider, video and image sizes cannot be set.</summary>
    private static JsonObject AsRichEmbed(JsonObject sent)
    {
        var embed = new JsonObject { ["type"] = "rich" };
        foreach (var (name, value) in sent)
        {
            if (name is "type" or "provider" or "video") continue;
            var copy = value?.DeepClone();
            if (name is "image" or "thumbnail" && copy is JsonObject media)
            {
                media.Remove("height");
                media.Remove("width");
                media.Remove("proxy_url");
            }
            embed[name] = copy;
        }
        return embed;
    }

    /// <summary>Counts the request in its webhook's bucket and writes the X-RateLimit-* headers; false when the bucket was already empty.</summary>
    private bool TakeFromBucket(string key, Dictionary<string, string> headers)
    {
        var now = _time.GetUtcNow();
        if (!_buckets.TryGetValue(key, out var bucket) || now >= bucket.ResetAt) bucket = (now + BucketWindow, 0);
        bucket.Used++;
        _buckets[key] = bucket;
        headers["X-RateLimit-Limit"] = BucketLimit.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = Math.Max(0, BucketLimit - bucket.Used).ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset"] = (bucket.ResetAt.ToUnixTimeMilliseconds() / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset-After"] = Seconds((bucket.ResetAt - now).TotalSeconds);
        headers["X-RateLimit-Bucket"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];
        return bucket.Used <= BucketLimit;
    }

    private static string Seconds(double seconds) => Math.Max(0, seconds).ToString("0.###", CultureInfo.InvariantCulture);

    private static string Error(string message, int code) => JsonSerializer.Serialize(new { message, code });

    private static string FormError(IEnumerable<FakeDiscordValidation.FieldError> errors)
    {
        var tree = FakeDiscordValidation.ErrorTree(errors.Select(e => e.Path == "_root" ? e with { Path = "" } : e));
        // A whole-request error sits directly under "errors": {"_errors": [...]}.
        if (tree[""] is JsonObject root)
        {
            tree.Remove("");
            foreach (var (name, value) in root.ToList())
            {
                root.Remove(name);
                tree[name] = value;
            }
        }
        return new JsonObject { ["code"] = 50035, ["errors"] = tree, ["message"] = "Invalid Form Body" }.ToJsonString(Compact);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace NotifyBridge.Tests.TestSupport.Fakes.Telegram;

/// <summary>
/// A fake Telegram Bot API server: real Kestrel on 127.0.0.1, routes <c>/bot{token}/{method}</c>
/// for getMe, sendMessage, sendPhoto, sendVideo and sendMediaGroup, and enforces the rules in
/// shared/fixtures/telegram/REFERENCE.md (tokens, chats, HTML entities, 4096/1024 limits, album
/// size, flood control, migrated groups) with the server's exact error texts.
/// </summary>
/// <remarks>
/// It depends on ASP.NET Core only (no test framework types), so the E2E project can start it as is:
/// <c>await using var telegram = await FakeTelegramBotApi.StartAsync();</c> and point the app at
/// <see cref="BaseUrl"/>. Everything accepted is recorded (<see cref="Messages"/>,
/// <see cref="Requests"/>); failures can be scripted (<see cref="FailNext"/>, <see cref="FloodChat"/>,
/// <see cref="MigrateChat"/>, <see cref="BlockChat"/>). <see cref="StopAsync"/> and
/// <see cref="RestartAsync"/> take the server down and back on the same port, keeping its state.
/// </remarks>
public sealed partial class FakeTelegramBotApi : IAsyncDisposable
{
    public const string DefaultToken = "7000000001:AAFakeTokenForNotifyBridgeTests0123";
    public const long DefaultBotId = 7000000001;
    public const string DefaultBotUsername = "notifybridge_test_bot";

    /// <summary>A private chat with a user.</summary>
    public const long PrivateChatId = 100000001;

    /// <summary>A forum supergroup ("Ops alerts"): message_thread_id is accepted here.</summary>
    public const long GroupChatId = -1001000000001;

    /// <summary>A channel reachable as @notifybridge_news.</summary>
    public const long ChannelChatId = -1001000000002;
    public const string ChannelUsername = "@notifybridge_news";

    public const int MaxTextLength = 4096;
    public const int MaxCaptionLength = 1024;

    private readonly object _gate = new();
    private readonly Dictionary<string, FakeTelegramBot> _bots = new(StringComparer.Ordinal);
    private readonly Dictionary<long, FakeTelegramChat> _chats = [];
    private readonly Dictionary<long, (int Count, int RetryAfter)> _floods = [];
    private readonly Dictionary<long, long> _migrated = [];
    private readonly Dictionary<long, string> _blocked = [];
    private readonly List<FakeTelegramFailure> _failures = [];
    private readonly List<FakeTelegramRequest> _requests = [];
    private readonly List<FakeTelegramMessage> _messages = [];
    private readonly TimeProvider _time;
    private long _nextMessageId = 100;
    private long _nextMediaGroupId = 13871234567890123;
    private WebApplication? _app;
    private int _port;

    private FakeTelegramBotApi(TimeProvider? time)
    {
        _time = time ?? TimeProvider.System;
        AddBot(DefaultToken, DefaultBotId, DefaultBotUsername, "NotifyBridge");
        AddChat(new FakeTelegramChat(PrivateChatId, "private", Title: "Alice"));
        AddChat(new FakeTelegramChat(GroupChatId, "supergroup", Title: "Ops alerts", IsForum: true));
        AddChat(new FakeTelegramChat(ChannelChatId, "channel", Title: "NotifyBridge news", Username: ChannelUsername));
    }

    /// <summary>Starts on 127.0.0.1 (port 0 = any free port) with the default bot and chats.</summary>
    public static async Task<FakeTelegramBotApi> StartAsync(int port = 0, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var fake = new FakeTelegramBotApi(time);
        await fake.ListenAsync(port, cancellationToken).ConfigureAwait(false);
        return fake;
    }

    /// <summary>The Bot API base URL to configure (no trailing slash), e.g. http://127.0.0.1:41234.</summary>
    public string BaseUrl => $"http://127.0.0.1:{_port}";

    public int Port => _port;

    public bool IsRunning => _app is not null;

    public IReadOnlyList<FakeTelegramRequest> Requests
    {
        get { lock (_gate) return [.. _requests]; }
    }

    public IReadOnlyList<FakeTelegramMessage> Messages
    {
        get { lock (_gate) return [.. _messages]; }
    }

    public IReadOnlyList<FakeTelegramMessage> MessagesIn(long chatId)
    {
        lock (_gate) return [.. _messages.Where(m => m.ChatId == chatId)];
    }

    public FakeTelegramBot AddBot(string token, long id, string username, string firstName = "Test bot")
    {
        var bot = new FakeTelegramBot(token, id, username, firstName);
        lock (_gate) _bots[token] = bot;
        return bot;
    }

    /// <summary>The token stops working (401 Unauthorized), as after /revoke in BotFather.</summary>
    public void RevokeToken(string token)
    {
        lock (_gate) _bots.Remove(token);
    }

    public void AddChat(FakeTelegramChat chat)
    {
        lock (_gate) _chats[chat.Id] = chat;
    }

    /// <summary>The next <paramref name="count"/> requests (of <paramref name="method"/>, or any) get this answer instead of being processed.</summary>
    public void FailNext(int count, int status, string description, int? retryAfter = null, string? method = null, long? migrateToChatId = null)
    {
        lock (_gate)
        {
            for (var i = 0; i < count; i++) _failures.Add(new FakeTelegramFailure(status, description, retryAfter, migrateToChatId, method));
        }
    }

    /// <summary>Flood control: the next <paramref name="count"/> sends to the chat answer 429 "Too Many Requests: retry after N".</summary>
    public void FloodChat(long chatId, int retryAfterSeconds, int count = 1)
    {
        lock (_gate) _floods[chatId] = (count, retryAfterSeconds);
    }

    /// <summary>The basic group was upgraded: sends to it answer 400 with parameters.migrate_to_chat_id.</summary>
    public void MigrateChat(long chatId, long newChatId)
    {
        lock (_gate)
        {
            _migrated[chatId] = newChatId;
            if (!_chats.ContainsKey(newChatId)) _chats[newChatId] = new FakeTelegramChat(newChatId, "supergroup", _chats.GetValueOrDefault(chatId)?.Title);
        }
    }

    /// <summary>The user blocked the bot (private chat) or the bot was removed from the group: sends answer 403.</summary>
    public void BlockChat(long chatId)
    {
        lock (_gate)
        {
            var type = _chats.GetValueOrDefault(chatId)?.Type;
            _blocked[chatId] = type switch
            {
                "private" => "Forbidden: bot was blocked by the user",
                "group" => "Forbidden: bot was kicked from the group chat",
                "channel" => "Forbidden: bot is not a member of the channel chat",
                _ => "Forbidden: bot was kicked from the supergroup chat",
            };
        }
    }

    /// <summary>Forgets recorded requests and messages and every scripted failure; bots and chats stay.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _requests.Clear();
            _messages.Clear();
            _failures.Clear();
            _floods.Clear();
            _migrated.Clear();
            _blocked.Clear();
        }
    }

    /// <summary>Stops listening (connections are refused) but keeps all state for <see cref="RestartAsync"/>.</summary>
    public async Task StopAsync()
    {
        var app = _app;
        _app = null;
        if (app is null) return;
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Listens again on the same port.</summary>
    public Task RestartAsync(CancellationToken cancellationToken = default) =>
        _app is null ? ListenAsync(_port, cancellationToken) : Task.CompletedTask;

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private async Task ListenAsync(int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _port = new Uri(address).Port;
        _app = app;
    }

    [GeneratedRegex("^/bot(?<token>[^/]*)/(?<method>[^/]+)$")]
    private static partial Regex Route();

    [GeneratedRegex("^[0-9]+:[A-Za-z0-9_-]+$")]
    private static partial Regex TokenShape();

    private async Task HandleAsync(HttpContext context)
    {
        var match = Route().Match(context.Request.Path.Value ?? "");
        var incoming = await FakeTelegramRequestReader.ReadAsync(context.Request).ConfigureAwait(false);
        var token = match.Success ? match.Groups["token"].Value : "";
        var method = match.Success ? match.Groups["method"].Value : "";

        int status;
        JsonObject response;
        lock (_gate)
        {
            try
            {
                var result = match.Success ? Process(token, method.ToLowerInvariant(), incoming) : throw new FakeTelegramError(404, "Not Found");
                status = 200;
                response = new JsonObject { ["ok"] = true, ["result"] = result };
            }
            catch (FakeTelegramError error)
            {
                status = error.Status;
                response = new JsonObject { ["ok"] = false, ["error_code"] = error.Status, ["description"] = error.Description };
                if (error.RetryAfter is { } retryAfter) response["parameters"] = new JsonObject { ["retry_after"] = retryAfter };
                else if (error.MigrateToChatId is { } migrate) response["parameters"] = new JsonObject { ["migrate_to_chat_id"] = migrate };
            }
            var text = response.ToJsonString();
            _requests.Add(new FakeTelegramRequest(method, token, context.Request.Method, context.Request.ContentType, incoming.Body,
                incoming.Parameters, incoming.Uploads, status, text));
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(response.ToJsonString()).ConfigureAwait(false);
    }

    private JsonNode Process(string token, string method, FakeTelegramIncoming incoming)
    {
        // api.telegram.org answers 404 to a token it cannot parse and 401 to an unknown one.
        if (!TokenShape().IsMatch(token)) throw new FakeTelegramError(404, "Not Found");
        if (!_bots.TryGetValue(token, out var bot)) throw new FakeTelegramError(401, "Unauthorized");

        var failure = _failures.FirstOrDefault(f => f.Method is null || string.Equals(f.Method, method, StringComparison.OrdinalIgnoreCase));
        if (failure is not null)
        {
            _failures.Remove(failure);
            throw new FakeTelegramError(failure.Status, failure.Description, failure.RetryAfter, failure.MigrateToChatId);
        }

        return method switch
        {
            "getme" => UserJson(bot, full: true),
            "sendmessage" => SendMessage(bot, incoming),
            "sendphoto" => SendSingleMedia(bot, incoming, "photo"),
            "sendvideo" => SendSingleMedia(bot, incoming, "video"),
            "sendmediagroup" => SendMediaGroup(bot, incoming),
            _ => throw new FakeTelegramError(404, "Not Found: method not found"),
        };
    }

    private JsonNode SendMessage(FakeTelegramBot bot, FakeTelegramIncoming incoming)
    {
        var target = ResolveTarget(incoming);
        var text = incoming.Get("text");
        if (string.IsNullOrEmpty(text)) throw new FakeTelegramError(400, "Bad Request: message text is empty");
        var parseMode = incoming.Get("parse_mode");
        var parsed = ParseText(text, parseMode);
        if (parsed.Text.Length == 0) throw new FakeTelegramError(400, "Bad Request: message text is empty");
        if (parsed.Text.Length > MaxTextLength) throw new FakeTelegramError(400, "Bad Request: message is too long");

        var previewDisabled = LinkPreviewDisabled(incoming);
        var message = Record(bot, "sendMessage", target, text, caption: null, parseMode, parsed, mediaType: null, media: null, mediaGroupId: null, previewDisabled);
        var json = MessageJson(bot, target, message);
        json["text"] = parsed.Text;
        if (parsed.Entities.Count > 0) json["entities"] = EntitiesJson(parsed.Entities);
        if (previewDisabled) json["link_preview_options"] = new JsonObject { ["is_disabled"] = true };
        return json;
    }

    private JsonNode SendSingleMedia(FakeTelegramBot bot, FakeTelegramIncoming incoming, string mediaType)
    {
        var target = ResolveTarget(incoming);
        var media = ResolveMedia(incoming, incoming.Get(mediaType), mediaType)
            ?? throw new FakeTelegramError(400, $"Bad Request: there is no {mediaType} in the request");
        var (caption, parseMode, parsed) = ParseCaption(incoming.Get("caption"), incoming.Get("parse_mode"));
        var message = Record(bot, mediaType == "photo" ? "sendPhoto" : "sendVideo", target, null, caption, parseMode, parsed, mediaType, media, null, false);
        return MediaMessageJson(bot, target, message, parsed);
    }

    private JsonNode SendMediaGroup(FakeTelegramBot bot, FakeTelegramIncoming incoming)
    {
        var target = ResolveTarget(incoming);
        var raw = incoming.Get("media") ?? throw new FakeTelegramError(400, "Bad Request: parameter \"media\" is required");
        JsonArray items;
        try
        {
            items = JsonNode.Parse(raw) as JsonArray ?? throw new FakeTelegramError(400, "Bad Request: can't parse media JSON object");
        }
        catch (JsonException)
        {
            throw new FakeTelegramError(400, "Bad Request: can't parse media JSON object");
        }
        if (items.Count > 10) throw new FakeTelegramError(400, "Bad Request: Too much messages to send as an album");
        // Not in REFERENCE.md's table (the spec only says "2-10 items"); the wording is ours.
        if (items.Count < 2) throw new FakeTelegramError(400, "Bad Request: media must include 2-10 items");

        var prepared = new List<(string Type, string Media, string? Caption, string? ParseMode, FakeTelegramParsedText? Parsed)>();
        foreach (var item in items)
        {
            if (item is not JsonObject obj) throw new FakeTelegramError(400, "Bad Request: can't parse InputMedia JSON object");
            var type = obj["type"]?.GetValue<string>();
            if (type is not ("photo" or "video" or "document" or "audio")) throw new FakeTelegramError(400, "Bad Request: unsupported media type in the album");
            var media = ResolveMedia(incoming, obj["media"]?.GetValue<string>(), type)
                ?? throw new FakeTelegramError(400, "Bad Request: there is no media in the request");
            var (caption, parseMode, parsed) = ParseCaption(obj["caption"]?.GetValue<string>(), obj["parse_mode"]?.GetValue<string>());
            prepared.Add((type, media, caption, parseMode, parsed));
        }
        var kinds = prepared.Select(p => p.Type is "photo" or "video" ? "visual" : p.Type).Distinct().ToList();
        if (kinds.Count > 1) throw new FakeTelegramError(400, "Bad Request: documents and audio can't be mixed with other media types");

        var groupId = (_nextMediaGroupId++).ToString(CultureInfo.InvariantCulture);
        var result = new JsonArray();
        foreach (var item in prepared)
        {
            var message = Record(bot, "sendMediaGroup", target, null, item.Caption, item.ParseMode, item.Parsed, item.Type, item.Media, groupId, false);
            var json = MediaMessageJson(bot, target, message, item.Parsed);
            json["media_group_id"] = groupId;
            result.Add(json);
        }
        return result;
    }

    private sealed record Target(FakeTelegramChat Chat, int? ThreadId, bool Silent);

    private Target ResolveTarget(FakeTelegramIncoming incoming)
    {
        var chatId = incoming.Get("chat_id");
        if (string.IsNullOrEmpty(chatId)) throw new FakeTelegramError(400, "Bad Request: chat_id is empty");
        var chat = chatId.StartsWith('@')
            ? _chats.Values.FirstOrDefault(c => string.Equals(c.Username, chatId, StringComparison.OrdinalIgnoreCase))
            : long.TryParse(chatId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id) ? _chats.GetValueOrDefault(id) : null;
        if (chat is null) throw new FakeTelegramError(400, "Bad Request: chat not found");
        if (_migrated.TryGetValue(chat.Id, out var newId))
            throw new FakeTelegramError(400, "Bad Request: group chat was upgraded to a supergroup chat", migrateToChatId: newId);
        if (_blocked.TryGetValue(chat.Id, out var forbidden)) throw new FakeTelegramError(403, forbidden);
        if (_floods.TryGetValue(chat.Id, out var flood) && flood.Count > 0)
        {
            _floods[chat.Id] = (flood.Count - 1, flood.RetryAfter);
            throw new FakeTelegramError(429, $"Too Many Requests: retry after {flood.RetryAfter}", retryAfter: flood.RetryAfter);
        }

        int? threadId = null;
        if (incoming.Get("message_thread_id") is { Length: > 0 } thread)
        {
            if (!int.TryParse(thread, NumberStyles.None, CultureInfo.InvariantCulture, out var parsedThread))
                throw new FakeTelegramError(400, "Bad Request: invalid message thread identifier specified");
            if (!chat.IsForum) throw new FakeTelegramError(400, "Bad Request: message thread not found");
            threadId = parsedThread;
        }
        return new Target(chat, threadId, IsTrue(incoming.Get("disable_notification")));
    }

    /// <summary>A URL or file id as is; "attach://name" must name an uploaded part; an upload in the field itself counts too.</summary>
    private static string? ResolveMedia(FakeTelegramIncoming incoming, string? value, string field)
    {
        if (value is { Length: > 0 } && value.StartsWith("attach://", StringComparison.Ordinal))
        {
            var name = value["attach://".Length..];
            return incoming.Uploads.Any(u => u.FieldName == name) ? value
                : throw new FakeTelegramError(400, "Bad Request: wrong file identifier/HTTP URL specified");
        }
        if (value is { Length: > 0 }) return value;
        return incoming.Uploads.Any(u => u.FieldName == field) ? $"attach://{field}" : null;
    }

    private static FakeTelegramParsedText ParseText(string text, string? parseMode)
    {
        if (string.IsNullOrEmpty(parseMode)) return new FakeTelegramParsedText(text.Trim(), []);
        if (!parseMode.Equals("HTML", StringComparison.OrdinalIgnoreCase))
            throw new FakeTelegramError(400, $"Bad Request: unsupported parse_mode \"{parseMode}\" (the fake speaks HTML only)");
        try
        {
            return FakeTelegramHtml.Parse(text);
        }
        catch (FakeTelegramHtmlException ex)
        {
            throw new FakeTelegramError(400, "Bad Request: can't parse entities: " + ex.Message);
        }
    }

    private static (string? Caption, string? ParseMode, FakeTelegramParsedText? Parsed) ParseCaption(string? caption, string? parseMode)
    {
        if (string.IsNullOrEmpty(caption)) return (null, parseMode, null);
        var parsed = ParseText(caption, parseMode);
        if (parsed.Text.Length > MaxCaptionLength) throw new FakeTelegramError(400, "Bad Request: message caption is too long");
        return (caption, parseMode, parsed);
    }

    private static bool LinkPreviewDisabled(FakeTelegramIncoming incoming)
    {
        if (IsTrue(incoming.Get("disable_web_page_preview"))) return true;
        if (incoming.Get("link_preview_options") is not { Length: > 0 } options) return false;
        try
        {
            return JsonNode.Parse(options)?["is_disabled"]?.GetValue<bool>() == true;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            throw new FakeTelegramError(400, "Bad Request: can't parse link preview options JSON object");
        }
    }

    private static bool IsTrue(string? value) => string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) || value == "1";

    private FakeTelegramMessage Record(FakeTelegramBot bot, string method, Target target, string? text, string? caption, string? parseMode,
        FakeTelegramParsedText? parsed, string? mediaType, string? media, string? mediaGroupId, bool previewDisabled)
    {
        var message = new FakeTelegramMessage(++_nextMessageId, bot.Token, method, target.Chat.Id, target.ThreadId, text, caption, parseMode,
            parsed?.Text, parsed?.Entities ?? [], mediaType, media, mediaGroupId, target.Silent, previewDisabled, _time.GetUtcNow());
        _messages.Add(message);
        return message;
    }

    private static JsonObject MessageJson(FakeTelegramBot bot, Target target, FakeTelegramMessage message)
    {
        var chat = new JsonObject { ["id"] = target.Chat.Id };
        if (target.Chat.Type == "private") chat["first_name"] = target.Chat.Title ?? "User";
        else if (target.Chat.Title is not null) chat["title"] = target.Chat.Title;
        if (target.Chat.Username is not null) chat["username"] = target.Chat.Username.TrimStart('@');
        chat["type"] = target.Chat.Type;
        if (target.Chat.IsForum) chat["is_forum"] = true;

        var json = new JsonObject { ["message_id"] = message.MessageId };
        if (target.ThreadId is { } thread)
        {
            json["message_thread_id"] = thread;
            json["is_topic_message"] = true;
        }
        if (target.Chat.Type != "channel") json["from"] = UserJson(bot, full: false);
        json["chat"] = chat;
        json["date"] = message.Date.ToUnixTimeSeconds();
        return json;
    }

    private static JsonObject MediaMessageJson(FakeTelegramBot bot, Target target, FakeTelegramMessage message, FakeTelegramParsedText? parsed)
    {
        var json = MessageJson(bot, target, message);
        var fileId = "AgACAgQAAxkDAAI" + message.MessageId.ToString(CultureInfo.InvariantCulture);
        if (message.MediaType == "photo")
        {
            json["photo"] = new JsonArray(
                new JsonObject { ["file_id"] = fileId + "s", ["file_unique_id"] = "AQADs" + message.MessageId, ["file_size"] = 1523, ["width"] = 90, ["height"] = 68 },
                new JsonObject { ["file_id"] = fileId + "x", ["file_unique_id"] = "AQADx" + message.MessageId, ["file_size"] = 141007, ["width"] = 1280, ["height"] = 960 });
        }
        else
        {
            json[message.MediaType!] = new JsonObject { ["file_id"] = fileId, ["file_unique_id"] = "AQAD" + message.MessageId, ["width"] = 1280, ["height"] = 720, ["duration"] = 12 };
        }
        if (parsed is not null)
        {
            json["caption"] = parsed.Text;
            if (parsed.Entities.Count > 0) json["caption_entities"] = EntitiesJson(parsed.Entities);
        }
        return json;
    }

    private static JsonArray EntitiesJson(IReadOnlyList<FakeTelegramEntity> entities)
    {
        var array = new JsonArray();
        foreach (var e in entities)
        {
            var json = new JsonObject { ["offset"] = e.Offset, ["length"] = e.Length, ["type"] = e.Type };
            if (e.Url is not null) json["url"] = e.Url;
            if (e.Language is not null) json["language"] = e.Language;
            array.Add(json);
        }
        return array;
    }

    private static JsonObject UserJson(FakeTelegramBot bot, bool full)
    {
        var json = new JsonObject { ["id"] = bot.Id, ["is_bot"] = true, ["first_name"] = bot.FirstName, ["username"] = bot.Username };
        if (full)
        {
            json["can_join_groups"] = true;
            json["can_read_all_group_messages"] = false;
            json["supports_inline_queries"] = false;
        }
        return json;
    }

    private sealed class FakeTelegramError(int status, string description, int? retryAfter = null, long? migrateToChatId = null) : Exception(description)
    {
        public int Status { get; } = status;
        public string Description { get; } = description;
        public int? RetryAfter { get; } = retryAfter;
        public long? MigrateToChatId { get; } = migrateToChatId;
    }
}

using System.Text.Json.Nodes;

namespace NotifyBridge.Tests.TestSupport.Fakes.Discord;

/// <summary>A webhook the fake knows. <see cref="Url"/> is what Discord's UI copies (no API version).</summary>
public sealed record FakeDiscordWebhookInfo(string Id, string Token, string ChannelId, string Name, Uri Url);

/// <summary>Every request the fake received, accepted or not, with what it answered (status 0: connection aborted).</summary>
public sealed record FakeDiscordRequest(
    string Method,
    string RawTarget,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    int Status,
    string ResponseBody,
    IReadOnlyDictionary<string, string> ResponseHeaders,
    DateTimeOffset ReceivedAt);

/// <summary>A message Discord would have posted: the request payload as parsed, and the Message object returned.</summary>
public sealed record FakeDiscordMessage(string Id, string WebhookId, string? ThreadId, bool Wait, JsonObject Payload, JsonObject Message)
{
    public string? Content => Payload["content"]?.GetValue<string>();

    public IReadOnlyList<JsonObject> Embeds => Payload["embeds"] is JsonArray embeds ? embeds.OfType<JsonObject>().ToList() : [];

    /// <summary>Whether Discord would have pinged @everyone/@here (the returned message's <c>mention_everyone</c>).</summary>
    public bool MentionedEveryone => Message["mention_everyone"]!.GetValue<bool>();
}

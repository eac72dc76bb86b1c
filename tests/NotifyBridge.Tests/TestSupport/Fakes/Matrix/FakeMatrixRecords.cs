using System.Text.Json.Nodes;

namespace NotifyBridge.Tests.TestSupport.Fakes.Matrix;

/// <summary>A user of the fake homeserver and the access token that logs it in.</summary>
public sealed record FakeMatrixUser(string UserId, string AccessToken);

/// <summary>Every request the fake received, with what it answered (status 0: connection aborted).</summary>
public sealed record FakeMatrixRequest(
    string Method,
    string RawTarget,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    int Status,
    string ResponseBody,
    IReadOnlyDictionary<string, string> ResponseHeaders);

/// <summary>An event the homeserver created (once per transaction id).</summary>
public sealed record FakeMatrixEvent(string EventId, string RoomId, string Sender, string EventType, string TransactionId, JsonObject Content, string RawBody)
{
    public string? MsgType => Content["msgtype"]?.GetValue<string>();
    public string? Body => Content["body"]?.GetValue<string>();
    public string? FormattedBody => Content["formatted_body"]?.GetValue<string>();

    /// <summary>
    /// Whether clients would notify the whole room: with <c>m.mentions</c> only its <c>room: true</c>
    /// counts; without it, the legacy rule looks for "@room" in the body.
    /// </summary>
    public bool MentionsRoom => Content["m.mentions"] is JsonObject mentions
        ? mentions["room"]?.GetValue<bool>() == true
        : Body?.Contains("@room", StringComparison.Ordinal) == true;
}

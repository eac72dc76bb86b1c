namespace NotifyBridge.Tests.TestSupport.Fakes.Telegram;

/// <summary>A bot the fake knows by its token.</summary>
public sealed record FakeTelegramBot(string Token, long Id, string Username, string FirstName);

/// <summary>A chat the fake knows. Forum supergroups accept message_thread_id.</summary>
public sealed record FakeTelegramChat(long Id, string Type, string? Title = null, string? Username = null, bool IsForum = false);

/// <summary>A file part of a multipart/form-data request.</summary>
public sealed record FakeTelegramUpload(string FieldName, string FileName, string? ContentType, long Length);

/// <summary>
/// One HTTP request as the fake received it, with its answer. <see cref="Parameters"/> holds every
/// parameter as Telegram reads it (query, form field or JSON property; objects and arrays as JSON
/// text). <see cref="Body"/> is the raw body for JSON and urlencoded requests (null for multipart).
/// </summary>
public sealed record FakeTelegramRequest(
    string Method,
    string Token,
    string HttpMethod,
    string? ContentType,
    string? Body,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyList<FakeTelegramUpload> Uploads,
    int Status,
    string Response);

/// <summary>
/// One message the fake accepted (a media group is one message per item, sharing
/// <see cref="MediaGroupId"/>). <see cref="Text"/> and <see cref="Caption"/> are as sent (HTML);
/// <see cref="PlainText"/> is after entity parsing.
/// </summary>
public sealed record FakeTelegramMessage(
    long MessageId,
    string BotToken,
    string Method,
    long ChatId,
    int? MessageThreadId,
    string? Text,
    string? Caption,
    string? ParseMode,
    string? PlainText,
    IReadOnlyList<FakeTelegramEntity> Entities,
    string? MediaType,
    string? Media,
    string? MediaGroupId,
    bool DisableNotification,
    bool LinkPreviewDisabled,
    DateTimeOffset Date)
{
    /// <summary>The photo's URL, file id or "attach://name" when this is a photo.</summary>
    public string? Photo => MediaType == "photo" ? Media : null;
}

/// <summary>A scripted answer: the next matching request gets it instead of being processed.</summary>
public sealed record FakeTelegramFailure(int Status, string Description, int? RetryAfter = null, long? MigrateToChatId = null, string? Method = null);

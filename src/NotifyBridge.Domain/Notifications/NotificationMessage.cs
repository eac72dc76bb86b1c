using NotifyBridge.Domain.Events;

namespace NotifyBridge.Domain.Notifications;

/// <summary>
/// A rendered notification, ready for any target type. The template produces
/// <see cref="BodyHtml"/> in a small HTML subset that Telegram accepts verbatim
/// (b, strong, i, em, u, s, a href, code, pre, blockquote, and newlines for line breaks);
/// every inserted value is HTML-escaped. Each notifier converts it to its format with
/// <see cref="MessageMarkup"/> (Discord Markdown, Matrix/email HTML, plain text).
/// </summary>
public sealed record NotificationMessage
{
    public required string EventType { get; init; }
    public EventSeverity Severity { get; init; } = EventSeverity.Normal;
    public required string Locale { get; init; }

    /// <summary>Plain text: email subject, embed title, first line of a push.</summary>
    public required string Title { get; init; }

    /// <summary>The body in the HTML subset above; never null, may be empty.</summary>
    public required string BodyHtml { get; init; }

    /// <summary>Where the event can be seen (commit, issue, album).</summary>
    public string? Url { get; init; }

    public IReadOnlyList<MessageAsset> Assets { get; init; } = [];

    /// <summary>Short name/value facts (repository, branch, actor) for embeds and cards.</summary>
    public IReadOnlyList<MessageField> Fields { get; init; } = [];

    /// <summary>NotifyBridge's JSON description of the subject (event or batch); the outgoing webhook's default body and its template's input.</summary>
    public string PayloadJson { get; init; } = "{}";

    /// <summary>The event ids this message speaks for (one, or many for a batch).</summary>
    public IReadOnlyList<long> EventIds { get; init; } = [];

    /// <summary>The plain-text body (tags removed, entities decoded).</summary>
    public string BodyText => MessageMarkup.ToPlainText(BodyHtml);
}

/// <summary>A photo or file to attach: a URL the target can fetch, or bytes.</summary>
public sealed record MessageAsset(string Url, string? FileName = null, string? Caption = null, bool IsVideo = false);

public sealed record MessageField(string Name, string Value, bool Inline = true);

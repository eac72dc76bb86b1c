using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using NotifyBridge.Domain.Notifications;

namespace NotifyBridge.Infrastructure.Notifiers.Matrix;

/// <summary>The content of an <c>m.room.message</c> event (the body of the send request).</summary>
/// <remarks>
/// <c>m.mentions</c> is always present and empty (intentional mentions, Matrix v1.7): with it,
/// clients stop scanning the text for "@room" or a user's name, so an event's text can never
/// notify the whole room or highlight someone.
/// </remarks>
public sealed record MatrixMessageContent(
    [property: JsonPropertyName("msgtype")] string MsgType,
    [property: JsonPropertyName("body")] string Body,
    [property: JsonPropertyName("format")] string? Format,
    [property: JsonPropertyName("formatted_body")] string? FormattedBody)
{
    [JsonPropertyName("m.mentions")]
    public MatrixMentions Mentions { get; init; } = MatrixMentions.None;

    public const string HtmlFormat = "org.matrix.custom.html";

    /// <summary>
    /// <c>m.text</c>, not <c>m.notice</c>: the default push rule <c>.m.rule.suppress_notices</c>
    /// silences notices, and a notification service exists to notify.
    /// </summary>
    public const string TextMsgType = "m.text";

    /// <summary>
    /// Homeservers refuse events over 65,536 bytes (M_TOO_LARGE). Above this many bytes of body and
    /// formatted body together, only a cut plain-text body is sent: cutting HTML could break it.
    /// </summary>
    public const int MaxContentBytes = 60_000;

    private static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // The body goes to an API, never into a page: readable non-ASCII and markup characters are safe.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>
    /// The title in bold (a link when the message has a URL), the body, then the fields as
    /// "<b>Name</b>: value" lines and one link per asset: Matrix has no cards, and uploading
    /// media to the homeserver is not done, so assets are links. <see cref="Body"/> is the same
    /// text plain (links as "text (url)"); <see cref="FormattedBody"/> the HTML.
    /// </summary>
    public static MatrixMessageContent From(NotificationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var html = new StringBuilder();
        var title = MessageMarkup.Escape(message.Title.Trim());
        if (title.Length > 0)
        {
            html.Append("<b>");
            if (IsWebLink(message.Url)) html.Append("<a href=\"").Append(MessageMarkup.Escape(message.Url!.Trim())).Append("\">").Append(title).Append("</a>");
            else html.Append(title);
            html.Append("</b>");
        }
        AppendLine(html, message.BodyHtml.Trim());
        foreach (var field in message.Fields)
            AppendLine(html, $"<b>{MessageMarkup.Escape(field.Name.Trim())}</b>: {MessageMarkup.Escape(field.Value.Trim())}");
        foreach (var asset in message.Assets.Where(a => IsWebLink(a.Url)))
        {
            var label = asset.Caption ?? asset.FileName ?? asset.Url;
            AppendLine(html, $"<a href=\"{MessageMarkup.Escape(asset.Url.Trim())}\">{MessageMarkup.Escape(label.Trim())}</a>");
        }

        var source = html.ToString();
        var body = MessageMarkup.ToPlainText(source);
        var formatted = MessageMarkup.ToMatrixHtml(source);
        if (Encoding.UTF8.GetByteCount(body) + Encoding.UTF8.GetByteCount(formatted) <= MaxContentBytes)
            return new MatrixMessageContent(TextMsgType, body, HtmlFormat, formatted);
        return new MatrixMessageContent(TextMsgType, ClipBytes(body, MaxContentBytes), null, null);
    }

    private static void AppendLine(StringBuilder html, string line)
    {
        if (line.Length == 0) return;
        if (html.Length > 0) html.Append('\n');
        html.Append(line);
    }

    private static bool IsWebLink(string? url) =>
        Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http";

    /// <summary>At most <paramref name="maxBytes"/> UTF-8 bytes, ending in "…", never inside a surrogate pair.</summary>
    private static string ClipBytes(string text, int maxBytes)
    {
        const string ellipsis = "…";
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes) return text;
        var budget = maxBytes - Encoding.UTF8.GetByteCount(ellipsis);
        var length = 0;
        var bytes = 0;
        while (length < text.Length)
        {
            var step = char.IsSurrogatePair(text, length) ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(text.AsSpan(length, step));
            if (bytes + size > budget) break;
            bytes += size;
            length += step;
        }
        return text[..length] + ellipsis;
    }
}

/// <summary>Who an event mentions on purpose: nobody (serialised as <c>{}</c>).</summary>
public sealed record MatrixMentions
{
    public static readonly MatrixMentions None = new();
}

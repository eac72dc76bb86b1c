using System.Text;
using NotifyBridge.Domain.Notifications;

namespace NotifyBridge.Infrastructure.Notifiers.Telegram;

/// <summary>
/// The Telegram HTML text for a message: the title in bold, a blank line, the body (already in
/// Telegram's HTML subset), and the message's URL as a link of its own.
/// </summary>
/// <remarks>
/// The URL line is added only when it adds something: it is left out when the body already
/// contains the URL (as an href or as text, raw or escaped), and for anything but an absolute
/// http(s) URL (Telegram refuses other schemes in links). The link text is the URL itself: it
/// needs no translation, and it shows where the link goes.
/// </remarks>
public static class TelegramMessageText
{
    public static string Compose(NotificationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = new StringBuilder();
        var title = message.Title?.Trim();
        if (!string.IsNullOrEmpty(title)) text.Append("<b>").Append(MessageMarkup.Escape(title)).Append("</b>");

        var body = message.BodyHtml?.Trim() ?? "";
        AppendBlock(text, body);
        if (LinkFor(message.Url, body) is { } link) AppendBlock(text, link);
        return text.ToString();
    }

    /// <summary>The link line for <paramref name="url"/>, or null when the body has it already or it is not http(s).</summary>
    public static string? LinkFor(string? url, string body)
    {
        if (string.IsNullOrWhiteSpace(url)) return null;
        url = url.Trim();
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) return null;
        var escaped = MessageMarkup.Escape(url);
        if (body.Contains(escaped, StringComparison.Ordinal) || body.Contains(url, StringComparison.Ordinal)) return null;
        return $"<a href=\"{escaped}\">{escaped}</a>";
    }

    private static void AppendBlock(StringBuilder text, string block)
    {
        if (block.Length == 0) return;
        if (text.Length > 0) text.Append("\n\n");
        text.Append(block);
    }
}

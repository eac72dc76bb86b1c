using System.Net;
using System.Text;
using NotifyBridge.Domain.Events;
using NotifyBridge.Domain.Notifications;

namespace NotifyBridge.Infrastructure.Notifiers.Email;

/// <summary>
/// The text/html part of a notification email: one small, self-contained document with inline
/// styles only (mail clients drop &lt;style&gt; blocks and external CSS), a title, the body,
/// asset thumbnails and a link button. Every value is escaped here; the body's HTML subset is
/// re-emitted tag by tag (see <see cref="BodyToHtml"/>), never passed through.
/// </summary>
public static class EmailHtml
{
    private const string Font = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
    private const string Mono = "SFMono-Regular,Consolas,'Liberation Mono',Menlo,monospace";

    public static string Document(NotificationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var html = new StringBuilder(1024 + message.BodyHtml.Length * 2);
        html.Append("<!DOCTYPE html>\n")
            .Append("<html lang=\"").Append(Escape(message.Locale)).Append("\">\n")
            .Append("<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Escape(message.Title)).Append("</title>\n</head>\n")
            .Append("<body style=\"margin:0;padding:0;background-color:#f4f5f7;\">\n")
            .Append("<div style=\"max-width:600px;margin:0 auto;padding:24px 16px;font-family:").Append(Font)
            .Append(";font-size:15px;line-height:1.5;color:#1f2328;\">\n")
            .Append("<div style=\"background-color:#ffffff;border:1px solid #d0d7de;border-top:4px solid ")
            .Append(AccentColour(message.Severity)).Append(";border-radius:6px;padding:20px 24px;\">\n")
            .Append("<h1 style=\"margin:0 0 12px;font-size:20px;line-height:1.3;font-weight:600;\">").Append(Escape(message.Title)).Append("</h1>\n");

        if (message.BodyHtml.Length > 0)
            html.Append("<div>").Append(BodyToHtml(message.BodyHtml)).Append("</div>\n");

        AppendAssets(html, message.Assets);

        if (SafeUrl(message.Url) is { } url)
        {
            html.Append("<p style=\"margin:20px 0 0;\"><a href=\"").Append(Escape(url))
                .Append("\" style=\"display:inline-block;padding:8px 16px;background-color:#0969da;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:600;\">")
                .Append(Escape(OpenLabel(message.Locale))).Append("</a></p>\n");
        }

        html.Append("</div>\n</div>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>
    /// Converts the message HTML subset to email HTML: known tags are re-emitted with inline
    /// styles (links only for http, https and mailto), anything else is text and escaped,
    /// newlines become &lt;br&gt; outside &lt;pre&gt;, and tags left open are closed so a
    /// broken template cannot swallow the rest of the email.
    /// </summary>
    public static string BodyToHtml(string bodyHtml)
    {
        ArgumentNullException.ThrowIfNull(bodyHtml);
        var output = new StringBuilder(bodyHtml.Length + 64);
        var open = new Stack<(string Name, string Element)>();
        var pre = 0;
        var afterBlock = false;
        // The same reading of the subset as every other target (MarkupTokens), already balanced.
        foreach (var token in MarkupTokens.Read(bodyHtml))
        {
            var justClosedBlock = afterBlock;
            afterBlock = false;
            if (token is MarkupTokens.MarkupText { Value: var value })
            {
                // A block already ends its line; the newline the template put after it would add an empty one.
                var text = value;
                if (justClosedBlock && pre == 0 && text.StartsWith('\n'))
                {
                    output.Append('\n');
                    text = text[1..];
                }
                var escaped = Escape(text);
                output.Append(pre > 0 ? escaped : escaped.Replace("\n", "<br>\n", StringComparison.Ordinal));
                continue;
            }

            var tag = (MarkupTokens.MarkupTag)token;
            var name = Canonical(tag.Name);
            if (name == "br")
            {
                output.Append(pre > 0 ? "\n" : "<br>\n");
                continue;
            }
            if (tag.Closing)
            {
                if (!open.Any(o => o.Name == name)) continue;
                // Close everything opened after the matching tag too: keeps the output well nested.
                while (open.Count > 0)
                {
                    var top = open.Pop();
                    output.Append("</").Append(top.Element).Append('>');
                    if (top.Element == "pre") pre--;
                    afterBlock = top.Element is "pre" or "blockquote";
                    if (top.Name == name) break;
                }
                continue;
            }

            var element = name == "a" && SafeUrl(tag.Href) is null ? "span" : name;
            output.Append(OpeningTag(element, tag.Href));
            open.Push((name, element));
            if (element == "pre") pre++;
        }
        while (open.Count > 0) output.Append("</").Append(open.Pop().Element).Append('>');
        return output.ToString();
    }

    private static void AppendAssets(StringBuilder html, IReadOnlyList<MessageAsset> assets)
    {
        var usable = assets.Where(a => SafeUrl(a.Url) is not null).ToList();
        if (usable.Count == 0) return;
        html.Append("<p style=\"margin:16px 0 0;\">\n");
        foreach (var asset in usable)
        {
            var url = Escape(asset.Url);
            var label = Escape(asset.Caption ?? asset.FileName ?? "");
            if (asset.IsVideo)
            {
                // Mail clients do not play video; link to it instead of showing a broken image.
                html.Append("<a href=\"").Append(url).Append("\" style=\"display:inline-block;margin:0 8px 8px 0;color:#0969da;\">&#9654; ")
                    .Append(label.Length > 0 ? label : url).Append("</a>\n");
                continue;
            }
            html.Append("<a href=\"").Append(url).Append("\"><img src=\"").Append(url).Append("\" alt=\"").Append(label)
                .Append("\" width=\"160\" style=\"display:inline-block;width:160px;max-width:100%;height:auto;margin:0 8px 8px 0;border:0;border-radius:4px;\"></a>\n");
        }
        html.Append("</p>\n");
    }

    private static string OpeningTag(string element, string? href) => element switch
    {
        "a" => $"<a href=\"{Escape(href)}\" style=\"color:#0969da;\">",
        "code" => $"<code style=\"font-family:{Mono};font-size:13px;background-color:#f6f8fa;padding:1px 4px;border-radius:4px;\">",
        "pre" => $"<pre style=\"font-family:{Mono};font-size:13px;background-color:#f6f8fa;padding:8px 12px;border-radius:6px;white-space:pre-wrap;margin:8px 0;\">",
        "blockquote" => "<blockquote style=\"margin:8px 0;padding:0 12px;border-left:4px solid #d0d7de;color:#57606a;\">",
        _ => $"<{element}>",
    };

    /// <summary>One spelling per meaning; Telegram's spoiler has no email equivalent and becomes a plain span.</summary>
    private static string Canonical(string tag) => tag switch
    {
        "b" => "strong",
        "i" => "em",
        "spoiler" => "span",
        _ => tag,
    };

    private static string AccentColour(EventSeverity severity) => severity switch
    {
        EventSeverity.Critical => "#cf222e",
        EventSeverity.High => "#bf8700",
        EventSeverity.Low => "#8c959f",
        _ => "#0969da",
    };

    /// <summary>
    /// The button text. The message is already rendered in its locale but carries no label for
    /// the button, so the few languages we know get a translation; others fall back to English.
    /// </summary>
    private static string OpenLabel(string locale)
    {
        var language = locale.Split('-', '_')[0].ToLowerInvariant();
        return language switch
        {
            "de" => "Öffnen",
            "fr" => "Ouvrir",
            "es" or "pt" => "Abrir",
            "it" => "Apri",
            "nl" => "Openen",
            "pl" => "Otwórz",
            "ru" => "Открыть",
            "uk" => "Відкрити",
            _ => "Open",
        };
    }

    /// <summary>The URL when it is absolute http, https or mailto; null otherwise (javascript:, data:, relative).</summary>
    internal static string? SafeUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "mailto" ? url : null;

    private static string Escape(string? text) => MessageMarkup.Escape(text).Replace("'", "&#39;", StringComparison.Ordinal);
}

using System.Net;
using System.Text;

namespace NotifyBridge.Domain.Notifications;

/// <summary>
/// Converts the message HTML subset (see <see cref="NotificationMessage.BodyHtml"/>) to the other
/// formats targets speak. A tiny tokenizer, not an HTML parser: the input is produced by our own
/// templates with escaped values, so anything outside the subset is treated as text.
/// </summary>
public static class MessageMarkup
{
    /// <summary>Escapes text for the HTML subset (the three characters Telegram requires, plus quotes for attributes).</summary>
    public static string Escape(string? text) =>
        string.IsNullOrEmpty(text) ? "" : text.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal)
            .Replace("\"", "&quot;", StringComparison.Ordinal);

    /// <summary>Tags removed and entities decoded; links become "text (url)" unless the text is the url.</summary>
    public static string ToPlainText(string html)
    {
        var output = new StringBuilder(html.Length);
        string? href = null;
        var linkStart = 0;
        foreach (var token in Tokenize(html))
        {
            switch (token)
            {
                case Text text:
                    output.Append(text.Value);
                    break;
                case Tag { Name: "a", Closing: false } open:
                    href = open.Href;
                    linkStart = output.Length;
                    break;
                case Tag { Name: "a", Closing: true }:
                    var label = output.ToString(linkStart, output.Length - linkStart);
                    if (!string.IsNullOrEmpty(href) && !string.Equals(label, href, StringComparison.Ordinal))
                        output.Append(" (").Append(href).Append(')');
                    href = null;
                    break;
                case Tag { Name: "br" }:
                    output.Append('\n');
                    break;
            }
        }
        return output.ToString();
    }

    /// <summary>Discord-flavoured Markdown: bold, italics, underline, strike, code, links, quotes; text is escaped.</summary>
    public static string ToDiscordMarkdown(string html)
    {
        var output = new StringBuilder(html.Length + 16);
        string? href = null;
        var inCode = false;
        var quote = false;
        foreach (var token in Tokenize(html))
        {
            switch (token)
            {
                case Text text:
                    var value = inCode ? text.Value.Replace("`", "ˋ", StringComparison.Ordinal) : EscapeMarkdown(text.Value);
                    if (quote) value = value.Replace("\n", "\n> ", StringComparison.Ordinal);
                    output.Append(value);
                    break;
                case Tag tag:
                    switch (tag.Name)
                    {
                        case "b" or "strong": output.Append("**"); break;
                        case "i" or "em": output.Append('*'); break;
                        case "u" or "ins": output.Append("__"); break;
                        case "s" or "strike" or "del": output.Append("~~"); break;
                        case "tg-spoiler": output.Append("||"); break;
                        case "code" when !inCode || tag.Closing:
                            output.Append('`');
                            inCode = !tag.Closing;
                            break;
                        case "pre":
                            output.Append(tag.Closing ? "\n```" : "```\n");
                            inCode = !tag.Closing;
                            break;
                        case "blockquote":
                            quote = !tag.Closing;
                            if (!tag.Closing) output.Append("> ");
                            break;
                        case "br": output.Append('\n'); break;
                        case "a" when !tag.Closing:
                            href = tag.Href;
                            if (href is not null) output.Append('[');
                            break;
                        case "a":
                            if (href is not null) output.Append("](").Append(href).Append(')');
                            href = null;
                            break;
                    }
                    break;
            }
        }
        return output.ToString();
    }

    private static string EscapeMarkdown(string text)
    {
        var output = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\\' or '*' or '_' or '~' or '`' or '|' or '[' or ']') output.Append('\\');
            output.Append(c);
        }
        return output.ToString();
    }

    private abstract record Token;
    private sealed record Text(string Value) : Token;
    private sealed record Tag(string Name, bool Closing, string? Href) : Token;

    private static readonly HashSet<string> KnownTags =
        new(StringComparer.Ordinal) { "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "blockquote", "br", "tg-spoiler" };

    private static IEnumerable<Token> Tokenize(string html)
    {
        var position = 0;
        var text = new StringBuilder();
        while (position < html.Length)
        {
            var lt = html.IndexOf('<', position);
            if (lt < 0)
            {
                text.Append(html, position, html.Length - position);
                break;
            }
            var gt = html.IndexOf('>', lt);
            var tag = gt < 0 ? null : ParseTag(html.AsSpan(lt + 1, gt - lt - 1));
            if (tag is null)
            {
                text.Append(html, position, lt - position + 1);
                position = lt + 1;
                continue;
            }
            text.Append(html, position, lt - position);
            if (text.Length > 0)
            {
                yield return new Text(WebUtility.HtmlDecode(text.ToString()));
                text.Clear();
            }
            yield return tag;
            position = gt + 1;
        }
        if (text.Length > 0) yield return new Text(WebUtility.HtmlDecode(text.ToString()));
    }

    private static Tag? ParseTag(ReadOnlySpan<char> inner)
    {
        var closing = inner.StartsWith("/");
        if (closing) inner = inner[1..];
        inner = inner.TrimEnd('/').Trim();
        var space = inner.IndexOfAny(' ', '\t', '\n');
        var name = (space < 0 ? inner : inner[..space]).ToString().ToLowerInvariant();
        if (!KnownTags.Contains(name)) return null;
        string? href = null;
        if (name == "a" && !closing && space >= 0)
        {
            var attributes = inner[space..].ToString();
            var at = attributes.IndexOf("href=\"", StringComparison.OrdinalIgnoreCase);
            if (at >= 0)
            {
                var end = attributes.IndexOf('"', at + 6);
                if (end > at) href = WebUtility.HtmlDecode(attributes[(at + 6)..end]);
            }
        }
        return new Tag(name, closing, href);
    }
}

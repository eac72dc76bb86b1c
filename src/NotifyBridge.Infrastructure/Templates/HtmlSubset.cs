using System.Net;
using System.Text;
using NotifyBridge.Domain.Notifications;

namespace NotifyBridge.Infrastructure.Templates;

/// <summary>
/// Turns rendered template output into the message HTML subset (see
/// <see cref="NotificationMessage.BodyHtml"/>) that Telegram accepts verbatim: allowed tags are
/// kept and balanced, links only with http(s)/mailto/tg targets, anything else becomes escaped
/// text; entities are normalised to characters (only &amp;amp; &amp;lt; &amp;gt; &amp;quot;
/// stay, the named ones Telegram knows). A template with a stray <c>&lt;div&gt;</c> or an
/// unclosed <c>&lt;b&gt;</c> still produces a message every target accepts.
/// </summary>
public static class HtmlSubset
{
    private static readonly HashSet<string> AllowedTags = new(StringComparer.Ordinal)
    {
        "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "blockquote", "tg-spoiler",
    };

    private static readonly string[] SafeSchemes = ["http", "https", "mailto", "tg"];

    public static bool IsSafeUrl(string? url) =>
        !string.IsNullOrWhiteSpace(url)
        && Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
        && SafeSchemes.Contains(uri.Scheme, StringComparer.OrdinalIgnoreCase);

    /// <summary>The subset, cleaned: see the class remarks. Idempotent.</summary>
    public static string Sanitize(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var output = new StringBuilder(html.Length);
        var open = new List<(string Name, bool Emitted)>();
        var position = 0;
        while (position < html.Length)
        {
            var lt = html.IndexOf('<', position);
            if (lt < 0)
            {
                AppendText(output, html.AsSpan(position));
                break;
            }
            AppendText(output, html.AsSpan(position, lt - position));
            var gt = html.IndexOf('>', lt + 1);
            var nextLt = html.IndexOf('<', lt + 1);
            if (gt < 0 || (nextLt >= 0 && nextLt < gt) || ParseTag(html.AsSpan(lt + 1, gt - lt - 1)) is not { } tag)
            {
                output.Append("&lt;");
                position = lt + 1;
                continue;
            }
            position = gt + 1;
            if (tag.Name == "br") output.Append('\n');
            else if (tag.Closing) Close(output, open, tag.Name);
            else Open(output, open, tag);
        }
        for (var i = open.Count - 1; i >= 0; i--)
        {
            if (open[i].Emitted) output.Append("</").Append(open[i].Name).Append('>');
        }
        return output.ToString();
    }

    /// <summary>
    /// The subset as HTML a browser may show (the editor's preview): sanitised, links open in a
    /// new tab without referrer. Show it in an element with <c>white-space: pre-wrap</c>.
    /// </summary>
    public static string ToSafeHtml(string html) =>
        Sanitize(html).Replace("<a href=", "<a target=\"_blank\" rel=\"noopener noreferrer nofollow\" href=", StringComparison.Ordinal);

    /// <summary>
    /// Trailing blanks removed from each line, runs of blank lines collapsed to one, leading and
    /// trailing blank lines dropped: Liquid tags leave blank lines behind, authors should not
    /// have to fight them.
    /// </summary>
    public static string TidyWhitespace(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var output = new StringBuilder(text.Length);
        var blankRun = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd(' ', '\t');
            if (line.Trim().Length == 0)
            {
                blankRun++;
                continue;
            }
            if (output.Length > 0) output.Append(blankRun > 0 ? "\n\n" : "\n");
            blankRun = 0;
            output.Append(line);
        }
        return output.ToString();
    }

    /// <summary>Cuts at the last line break before <paramref name="maxLength"/> and marks the cut with "…".</summary>
    public static string CutAtLine(string html, int maxLength)
    {
        if (html.Length <= maxLength) return html;
        var cut = html.LastIndexOf('\n', Math.Max(0, maxLength - 2));
        return (cut > maxLength / 2 ? html[..cut] : html[..(maxLength - 2)]) + "\n…";
    }

    private static void Open(StringBuilder output, List<(string Name, bool Emitted)> open, Tag tag)
    {
        var inCode = open.Exists(t => t.Emitted && t.Name is "code" or "pre");
        var emit = tag.Name switch
        {
            // Telegram allows no entities inside pre/code, except code directly inside pre.
            _ when inCode => tag.Name == "code" && open.Count > 0 && open[^1] is ("pre", true),
            "a" => tag.Href is not null && !open.Exists(t => t.Emitted && t.Name == "a"),
            "blockquote" => !open.Exists(t => t.Emitted && t.Name == "blockquote"),
            _ => true,
        };
        open.Add((tag.Name, emit));
        if (!emit) return;
        output.Append('<').Append(tag.Name);
        if (tag.Name == "a") output.Append(" href=\"").Append(MessageMarkup.Escape(tag.Href)).Append('"');
        if (tag.Language is not null) output.Append(" class=\"language-").Append(tag.Language).Append('"');
        output.Append('>');
    }

    /// <summary>Closes the innermost open tag of that name and any opened inside it; a stray closing tag is dropped.</summary>
    private static void Close(StringBuilder output, List<(string Name, bool Emitted)> open, string name)
    {
        var index = open.FindLastIndex(t => t.Name == name);
        if (index < 0) return;
        for (var i = open.Count - 1; i >= index; i--)
        {
            if (open[i].Emitted) output.Append("</").Append(open[i].Name).Append('>');
        }
        open.RemoveRange(index, open.Count - index);
    }

    private static void AppendText(StringBuilder output, ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return;
        var decoded = WebUtility.HtmlDecode(text.ToString());
        foreach (var c in decoded)
        {
            switch (c)
            {
                case '&': output.Append("&amp;"); break;
                case '<': output.Append("&lt;"); break;
                case '>': output.Append("&gt;"); break;
                case '"': output.Append("&quot;"); break;
                case '\n' or '\t': output.Append(c); break;
                case '\r': break;
                case < ' ' or '\u007f': break;
                default: output.Append(c); break;
            }
        }
    }

    private sealed record Tag(string Name, bool Closing, string? Href, string? Language);

    private static Tag? ParseTag(ReadOnlySpan<char> inner)
    {
        var closing = inner.StartsWith("/");
        if (closing) inner = inner[1..];
        inner = inner.TrimEnd('/').Trim();
        var space = inner.IndexOfAny(' ', '\t', '\n');
        var name = (space < 0 ? inner : inner[..space]).ToString().ToLowerInvariant();
        if (name != "br" && !AllowedTags.Contains(name)) return null;
        if (closing || space < 0) return new Tag(name, closing, null, null);

        var attributes = inner[space..].ToString();
        string? href = null;
        string? language = null;
        if (name == "a" && Attribute(attributes, "href") is { } url && IsSafeUrl(url)) href = url.Trim();
        if (name == "code" && Attribute(attributes, "class") is { } css && css.StartsWith("language-", StringComparison.Ordinal)
            && css.Length > 9 && css.AsSpan(9).IndexOfAnyExcept("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-_#") < 0)
            language = css[9..];
        return new Tag(name, false, href, language);
    }

    /// <summary>A quoted (double or single) attribute value, entities decoded; null when absent.</summary>
    private static string? Attribute(string attributes, string name)
    {
        var at = attributes.IndexOf(name + "=", StringComparison.OrdinalIgnoreCase);
        if (at < 0) return null;
        var start = at + name.Length + 1;
        if (start >= attributes.Length) return null;
        var quote = attributes[start];
        if (quote is not ('"' or '\'')) return null;
        var end = attributes.IndexOf(quote, start + 1);
        return end < 0 ? null : WebUtility.HtmlDecode(attributes[(start + 1)..end]);
    }
}

using System.Net;
using System.Text;

namespace NotifyBridge.Domain.Notifications;

using static NotifyBridge.Domain.Notifications.MarkupTokens;

/// <summary>
/// Converts the message HTML subset (see <see cref="NotificationMessage.BodyHtml"/>) to the other
/// formats targets speak. A tiny tokenizer, not an HTML parser: the input is produced by our own
/// templates with escaped values, so anything outside the subset is treated as text.
/// </summary>
/// <remarks>
/// Every converter reads the same token stream, balanced first: a closing tag nobody opened is
/// dropped, tags left open are closed at the end, a tag already open (bold inside bold, a link in
/// a link) is swallowed with its end tag, and a misnested end closes what was opened inside it.
/// So the output is always well formed, whatever a template produced.
/// </remarks>
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
        ArgumentNullException.ThrowIfNull(html);
        var output = new StringBuilder(html.Length);
        string? href = null;
        var linkStart = 0;
        foreach (var token in MarkupTokens.Read(html))
        {
            switch (token)
            {
                case MarkupText text:
                    output.Append(text.Value);
                    break;
                case MarkupTag { Name: "a", Closing: false } open:
                    href = open.Href;
                    linkStart = output.Length;
                    break;
                case MarkupTag { Name: "a", Closing: true }:
                    var label = output.ToString(linkStart, output.Length - linkStart);
                    if (!string.IsNullOrEmpty(href) && !string.Equals(label, href, StringComparison.Ordinal))
                        output.Append(label.Length == 0 ? href : $" ({href})");
                    href = null;
                    break;
                case MarkupTag { Name: "br" }:
                    output.Append('\n');
                    break;
            }
        }
        return output.ToString();
    }

    /// <summary>
    /// Discord-flavoured Markdown: bold, italics, underline, strike, spoiler, code, code blocks
    /// (with the language of a <c>&lt;pre&gt;&lt;code class="language-x"&gt;</c>), links, quotes.
    /// Text is escaped so an event can never add formatting, headings, lists, quotes, mentions
    /// (<c>&lt;@id&gt;</c>) or masked links of its own; bare URLs stay verbatim so Discord still links them.
    /// </summary>
    public static string ToDiscordMarkdown(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var writer = new DiscordMarkdownWriter(html.Length + 16);
        foreach (var token in MarkupTokens.Read(html)) writer.Write(token);
        return writer.ToString();
    }

    /// <summary>
    /// Well-formed HTML for Matrix's <c>org.matrix.custom.html</c>: tags normalised to the Matrix
    /// allow-list (strong → b, del/strike → s, tg-spoiler → span data-mx-spoiler), text re-escaped,
    /// newlines as &lt;br&gt; (kept as newlines inside &lt;pre&gt;), links only for http(s) and mailto.
    /// </summary>
    public static string ToMatrixHtml(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var output = new StringBuilder(html.Length + 16);
        var pre = 0;
        var skipNewline = false;
        var linkOpen = false;
        foreach (var token in MarkupTokens.Read(html))
        {
            if (token is MarkupText text)
            {
                var value = text.Value;
                // A block element already ends its line; the template's newline after it would add an empty one.
                if (skipNewline && value.StartsWith('\n')) value = value[1..];
                skipNewline = false;
                var escaped = Escape(value);
                output.Append(pre > 0 ? escaped : escaped.Replace("\n", "<br>", StringComparison.Ordinal));
                continue;
            }
            var tag = (MarkupTag)token;
            skipNewline = false;
            switch (tag.Name)
            {
                case "br":
                    output.Append("<br>");
                    break;
                case "spoiler" or "span":
                    if (tag.IsSpoiler) output.Append(tag.Closing ? "</span>" : "<span data-mx-spoiler>");
                    break;
                case "a" when !tag.Closing:
                    linkOpen = IsMatrixLink(tag.Href);
                    if (linkOpen) output.Append("<a href=\"").Append(Escape(tag.Href)).Append("\">");
                    break;
                case "a":
                    if (linkOpen) output.Append("</a>");
                    linkOpen = false;
                    break;
                case "code" when !tag.Closing && tag.Language is not null:
                    output.Append("<code class=\"language-").Append(tag.Language).Append("\">");
                    break;
                default:
                    output.Append(tag.Closing ? "</" : "<").Append(tag.Name).Append('>');
                    if (tag.Name == "pre") pre += tag.Closing ? -1 : 1;
                    skipNewline = tag.Closing && tag.Name is "pre" or "blockquote";
                    break;
            }
        }
        return output.ToString();
    }

    private static bool IsMatrixLink(string? href) =>
        href is not null && (href.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            || href.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || href.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase));

    internal static bool IsWebLink(string? href) =>
        href is not null && (href.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            || href.StartsWith("http://", StringComparison.OrdinalIgnoreCase));

    /// <summary>Writes Discord Markdown for a balanced token stream.</summary>
    private sealed class DiscordMarkdownWriter(int capacity)
    {
        private readonly StringBuilder _output = new(capacity);
        private readonly Stack<(string Name, int ContentStart)> _open = new();
        private bool _lineStart = true;
        private bool _quote;
        private int _code;
        private bool _preHeaderPending;
        private (int Length, bool LineStart) _preStart;
        private bool _breakPending;
        private string? _href;
        private int _linkStart;
        private readonly StringBuilder _linkLabel = new();

        public override string ToString() => _output.ToString();

        public void Write(MarkupToken token)
        {
            if (token is MarkupText text)
            {
                WriteText(text.Value);
                return;
            }
            var tag = (MarkupTag)token;
            if (tag.Name == "br")
            {
                BeforeOutput(startsWithNewline: true);
                Newline();
                return;
            }
            if (tag.Closing) Close(tag);
            else Open(tag);
        }

        private void Open(MarkupTag tag)
        {
            // Inside code everything is literal: formatting would show as stray asterisks.
            if (_code > 0)
            {
                if (tag.Name == "code" && _preHeaderPending && tag.Language is not null) _output.Append(tag.Language);
                _open.Push((tag.Name, -1));
                return;
            }
            switch (tag.Name)
            {
                case "pre":
                    BeforeOutput(startsWithNewline: false);
                    _preStart = (_output.Length, _lineStart);
                    if (!_lineStart) Newline();
                    _output.Append("```");
                    _preHeaderPending = true;
                    _code++;
                    break;
                case "blockquote":
                    BeforeOutput(startsWithNewline: false);
                    if (!_lineStart) Newline();
                    _quote = true;
                    _output.Append("> ");
                    _lineStart = true;
                    break;
                case "a":
                    BeforeOutput(startsWithNewline: false);
                    _href = tag.Href;
                    _linkStart = _output.Length;
                    _linkLabel.Clear();
                    break;
                case "code":
                    BeforeOutput(startsWithNewline: false);
                    _output.Append('`');
                    _lineStart = false;
                    _code++;
                    break;
                default:
                    BeforeOutput(startsWithNewline: false);
                    _output.Append(Marker(tag));
                    if (Marker(tag).Length > 0) _lineStart = false;
                    break;
            }
            _open.Push((tag.Name, _output.Length));
        }

        private void Close(MarkupTag tag)
        {
            var (_, contentStart) = _open.Pop();
            if (contentStart < 0) return; // opened inside code
            switch (tag.Name)
            {
                case "pre" when _preHeaderPending:
                    // An empty block: drop its opening fence rather than show an empty box.
                    _preHeaderPending = false;
                    (_output.Length, _lineStart) = _preStart;
                    _code--;
                    break;
                case "pre":
                    if (!_lineStart) Newline();
                    _output.Append("```");
                    _code--;
                    _lineStart = false;
                    _breakPending = true;
                    break;
                case "blockquote":
                    _quote = false;
                    // A quote that ended with a newline leaves an empty "> " line: drop the prefix, the line break stays.
                    if (_output.Length >= 3 && _output[^1] == ' ' && _output[^2] == '>' && _output[^3] == '\n') _output.Length -= 2;
                    else _breakPending = true;
                    break;
                case "a":
                    CloseLink();
                    break;
                case "code":
                    _code--;
                    CloseMarker("`", contentStart);
                    break;
                default:
                    CloseMarker(Marker(tag), contentStart);
                    break;
            }
        }

        /// <summary>An empty pair ("****") would show its markers, so it is removed instead.</summary>
        private void CloseMarker(string marker, int contentStart)
        {
            if (_output.Length == contentStart) _output.Length -= marker.Length;
            else _output.Append(marker);
        }

        private void CloseLink()
        {
            var href = _href;
            _href = null;
            if (!IsWebLink(href)) return; // mailto: and others: Discord only links http(s); the label stays
            var label = _linkLabel.ToString();
            if (label.Length == 0 || string.Equals(label.Trim(), href, StringComparison.Ordinal))
            {
                // Discord refuses masked links that show a URL; the bare URL links itself.
                _output.Length = _linkStart;
                _output.Append(href);
                _lineStart = false;
                return;
            }
            _output.Insert(_linkStart, '[');
            _output.Append("](").Append(LinkTarget(href!)).Append(')');
        }

        private static string LinkTarget(string href) => href
            .Replace(" ", "%20", StringComparison.Ordinal)
            .Replace("(", "%28", StringComparison.Ordinal)
            .Replace(")", "%29", StringComparison.Ordinal)
            .Replace("<", "%3C", StringComparison.Ordinal)
            .Replace(">", "%3E", StringComparison.Ordinal);

        private static string Marker(MarkupTag tag) => tag.IsSpoiler ? "||" : tag.Name switch
        {
            "b" => "**",
            "i" => "*",
            "u" => "__",
            "s" => "~~",
            _ => "",
        };

        /// <summary>After a quote or code block ends, the next output starts on its own line.</summary>
        private void BeforeOutput(bool startsWithNewline)
        {
            if (!_breakPending) return;
            _breakPending = false;
            if (!startsWithNewline) Newline();
        }

        private void Newline()
        {
            _output.Append('\n');
            if (_quote) _output.Append("> ");
            _lineStart = true;
        }

        private void WriteText(string value)
        {
            if (value.Length == 0) return;
            BeforeOutput(value[0] == '\n');
            if (_href is not null) _linkLabel.Append(value);
            if (_code > 0)
            {
                if (_preHeaderPending)
                {
                    _preHeaderPending = false;
                    Newline();
                    if (value[0] == '\n') value = value[1..];
                }
                // A backtick would end the code span or block; the look-alike keeps the text readable.
                foreach (var c in value.Replace("`", "ˋ", StringComparison.Ordinal))
                {
                    if (c == '\n') Newline();
                    else
                    {
                        _output.Append(c);
                        _lineStart = false;
                    }
                }
                return;
            }
            AppendEscaped(value);
        }

        private void AppendEscaped(string text)
        {
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (c == '\n')
                {
                    Newline();
                    continue;
                }
                if (c is ' ' or '\t')
                {
                    _output.Append(c);
                    continue; // leading spaces keep the line start: " # x" is still a heading
                }
                var url = UrlLength(text, i);
                if (url > 0)
                {
                    _output.Append(text, i, url);
                    i += url - 1;
                    _lineStart = false;
                    continue;
                }
                if (c is '\\' or '*' or '_' or '~' or '`' or '|' or '[' or ']' or '<') _output.Append('\\');
                else if (_lineStart && c is '#' or '>' or '-') _output.Append('\\');
                else if (_lineStart && char.IsAsciiDigit(c) && OrderedListMarker(text, i) is var digits and > 0)
                {
                    _output.Append(text, i, digits).Append("\\.");
                    i += digits;
                    _lineStart = false;
                    continue;
                }
                _output.Append(c);
                _lineStart = false;
            }
        }

        /// <summary>"12. " at a line start is an ordered list item: the number of digits, or 0.</summary>
        private static int OrderedListMarker(string text, int i)
        {
            var end = i;
            while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
            return end < text.Length && text[end] == '.' && (end + 1 == text.Length || text[end + 1] is ' ' or '\t') ? end - i : 0;
        }

        /// <summary>The length of a bare http(s) URL starting at <paramref name="i"/>, or 0. Escaping inside it would break the link.</summary>
        private static int UrlLength(string text, int i)
        {
            if (i > 0 && char.IsAsciiLetterOrDigit(text[i - 1])) return 0;
            var rest = text.AsSpan(i);
            var scheme = rest.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? 8
                : rest.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? 7 : 0;
            if (scheme == 0) return 0;
            var end = scheme;
            while (end < rest.Length && !char.IsWhiteSpace(rest[end]) && rest[end] != '<') end++;
            return end > scheme ? end : 0;
        }
    }
}

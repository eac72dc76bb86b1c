using System.Globalization;
using System.Text;

namespace NotifyBridge.Tests.TestSupport.Fakes.Telegram;

/// <summary>A message entity as the Bot API returns it (offset and length in UTF-16 code units).</summary>
public sealed record FakeTelegramEntity(string Type, int Offset, int Length, string? Url = null, string? Language = null);

/// <summary>Text after entity parsing: what Telegram stores and counts against the limits.</summary>
public sealed record FakeTelegramParsedText(string Text, IReadOnlyList<FakeTelegramEntity> Entities);

/// <summary>A parse error; <see cref="Exception.Message"/> is the part after "Bad Request: can't parse entities: ".</summary>
public sealed class FakeTelegramHtmlException(string message) : Exception(message);

/// <summary>
/// Telegram's parse_mode HTML, as strict as the real server (tdlib's HTML parser) on what matters
/// to a sender: only the supported tags, balanced and properly nested; '&lt;' that does not start a
/// tag is an error; unknown "&amp;name;" stays text; the result is trimmed of leading and trailing
/// whitespace. Error texts follow the server's ("Unsupported start tag "foo" at byte offset 0").
/// </summary>
public static class FakeTelegramHtml
{
    private static readonly HashSet<string> Supported = new(StringComparer.Ordinal)
    {
        "a", "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "tg-emoji",
        "code", "pre", "blockquote",
    };

    private sealed record OpenTag(string Name, int Offset, string? Url, string? Language, bool Expandable);

    public static FakeTelegramParsedText Parse(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var text = new StringBuilder(html.Length);
        var entities = new List<FakeTelegramEntity>();
        var stack = new List<OpenTag>();
        var i = 0;
        while (i < html.Length)
        {
            var c = html[i];
            if (c == '&' && TryDecodeEntity(html, i, out var decoded, out var consumed))
            {
                text.Append(decoded);
                i += consumed;
                continue;
            }
            if (c != '<')
            {
                text.Append(c);
                i++;
                continue;
            }

            var tagStart = i;
            var byteOffset = Encoding.UTF8.GetByteCount(html.AsSpan(0, tagStart));
            i++;
            if (i < html.Length && html[i] == '/')
            {
                if (stack.Count == 0) throw new FakeTelegramHtmlException($"Unexpected end tag at byte offset {byteOffset}");
                i++;
                var nameStart = i;
                while (i < html.Length && !char.IsWhiteSpace(html[i]) && html[i] != '>') i++;
                var endName = html[nameStart..i].ToLowerInvariant();
                while (i < html.Length && char.IsWhiteSpace(html[i])) i++;
                if (i >= html.Length || html[i] != '>') throw new FakeTelegramHtmlException($"Unclosed end tag at byte offset {byteOffset}");
                i++;
                var open = stack[^1];
                if (endName.Length > 0 && endName != open.Name)
                    throw new FakeTelegramHtmlException($"Unmatched end tag at byte offset {byteOffset}, expected \"</{open.Name}>\", found \"</{endName}>\"");
                stack.RemoveAt(stack.Count - 1);
                AddEntity(entities, stack, open, text.Length);
                continue;
            }

            var start = i;
            while (i < html.Length && !char.IsWhiteSpace(html[i]) && html[i] != '>' && html[i] != '/') i++;
            var name = html[start..i].ToLowerInvariant();
            if (!Supported.Contains(name)) throw new FakeTelegramHtmlException($"Unsupported start tag \"{name}\" at byte offset {byteOffset}");
            var attributes = ReadAttributes(html, ref i, byteOffset);
            attributes.TryGetValue("href", out var href);
            attributes.TryGetValue("class", out var cssClass);
            if (name == "span" && cssClass != "tg-spoiler")
                throw new FakeTelegramHtmlException($"Tag \"span\" must have class \"tg-spoiler\" at byte offset {byteOffset}");
            var language = name == "code" && cssClass?.StartsWith("language-", StringComparison.Ordinal) == true ? cssClass["language-".Length..] : null;
            stack.Add(new OpenTag(name, text.Length, href, language, attributes.ContainsKey("expandable")));
        }
        if (stack.Count > 0) throw new FakeTelegramHtmlException($"Can't find end tag corresponding to start tag \"{stack[^1].Name}\"");
        return Trim(text.ToString(), entities);
    }

    private static Dictionary<string, string> ReadAttributes(string html, ref int i, int byteOffset)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        while (true)
        {
            while (i < html.Length && (char.IsWhiteSpace(html[i]) || html[i] == '/')) i++;
            if (i >= html.Length) throw new FakeTelegramHtmlException($"Unclosed start tag at byte offset {byteOffset}");
            if (html[i] == '>')
            {
                i++;
                return attributes;
            }
            var nameStart = i;
            while (i < html.Length && !char.IsWhiteSpace(html[i]) && html[i] != '=' && html[i] != '>') i++;
            var name = html[nameStart..i].ToLowerInvariant();
            while (i < html.Length && char.IsWhiteSpace(html[i])) i++;
            if (i >= html.Length) throw new FakeTelegramHtmlException($"Unclosed start tag at byte offset {byteOffset}");
            if (html[i] != '=')
            {
                attributes[name] = "";
                continue;
            }
            i++;
            while (i < html.Length && char.IsWhiteSpace(html[i])) i++;
            if (i >= html.Length) throw new FakeTelegramHtmlException($"Unclosed start tag at byte offset {byteOffset}");
            string raw;
            if (html[i] is '"' or '\'')
            {
                var quote = html[i];
                var end = html.IndexOf(quote, i + 1);
                if (end < 0) throw new FakeTelegramHtmlException($"Unclosed start tag at byte offset {byteOffset}");
                raw = html[(i + 1)..end];
                i = end + 1;
            }
            else
            {
                var valueStart = i;
                while (i < html.Length && !char.IsWhiteSpace(html[i]) && html[i] != '>') i++;
                raw = html[valueStart..i];
            }
            attributes[name] = DecodeAll(raw);
        }
    }

    private static void AddEntity(List<FakeTelegramEntity> entities, List<OpenTag> stack, OpenTag tag, int end)
    {
        // <pre><code class="language-x"> is one pre entity with a language, not a code entity.
        if (tag.Name == "code" && stack.Count > 0 && stack[^1].Name == "pre")
        {
            stack[^1] = stack[^1] with { Language = tag.Language };
            return;
        }
        var length = end - tag.Offset;
        if (length == 0) return;
        var type = tag.Name switch
        {
            "b" or "strong" => "bold",
            "i" or "em" => "italic",
            "u" or "ins" => "underline",
            "s" or "strike" or "del" => "strikethrough",
            "span" or "tg-spoiler" => "spoiler",
            "tg-emoji" => "custom_emoji",
            "a" => "text_link",
            "code" => "code",
            "pre" => "pre",
            _ => tag.Expandable ? "expandable_blockquote" : "blockquote",
        };
        entities.Add(new FakeTelegramEntity(type, tag.Offset, length, type == "text_link" ? tag.Url : null, type == "pre" ? tag.Language : null));
    }

    private static FakeTelegramParsedText Trim(string text, List<FakeTelegramEntity> entities)
    {
        var lead = 0;
        while (lead < text.Length && char.IsWhiteSpace(text[lead])) lead++;
        var end = text.Length;
        while (end > lead && char.IsWhiteSpace(text[end - 1])) end--;
        var trimmed = text[lead..end];
        var shifted = new List<FakeTelegramEntity>();
        foreach (var e in entities.OrderBy(e => e.Offset).ThenByDescending(e => e.Length))
        {
            var from = Math.Max(e.Offset - lead, 0);
            var to = Math.Min(e.Offset + e.Length - lead, trimmed.Length);
            if (to > from) shifted.Add(e with { Offset = from, Length = to - from });
        }
        return new FakeTelegramParsedText(trimmed, shifted);
    }

    private static string DecodeAll(string value)
    {
        var output = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length;)
        {
            if (value[i] == '&' && TryDecodeEntity(value, i, out var decoded, out var consumed))
            {
                output.Append(decoded);
                i += consumed;
            }
            else output.Append(value[i++]);
        }
        return output.ToString();
    }

    /// <summary>Only &amp;lt; &amp;gt; &amp;amp; &amp;quot; and numeric entities are decoded; anything else stays text.</summary>
    private static bool TryDecodeEntity(string html, int at, out string decoded, out int consumed)
    {
        decoded = "";
        consumed = 0;
        var semicolon = html.IndexOf(';', at);
        if (semicolon < 0 || semicolon - at > 12) return false;
        var body = html[(at + 1)..semicolon];
        switch (body)
        {
            case "lt": decoded = "<"; break;
            case "gt": decoded = ">"; break;
            case "amp": decoded = "&"; break;
            case "quot": decoded = "\""; break;
            default:
                if (!body.StartsWith('#')) return false;
                var hex = body.StartsWith("#x", StringComparison.OrdinalIgnoreCase);
                var digits = body[(hex ? 2 : 1)..];
                if (!int.TryParse(digits, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out var code)
                    || code <= 0 || code > 0x10FFFF || code is >= 0xD800 and <= 0xDFFF) return false;
                decoded = char.ConvertFromUtf32(code);
                break;
        }
        consumed = semicolon - at + 1;
        return true;
    }
}

using System.Net;
using System.Text;

namespace NotifyBridge.Domain.Notifications;

/// <summary>
/// Reads the message HTML subset into tokens: text (entities decoded) and known tags by their
/// canonical name (b, i, u, s, spoiler, span, a, code, pre, blockquote, br). Anything else between
/// &lt; and &gt; is text. Every converter (Discord, Matrix, plain text, e-mail) reads through this,
/// so they agree on what is a tag.
/// </summary>
public static class MarkupTokens
{
    /// <summary>The tokens of <paramref name="html"/>, balanced (see <see cref="Balance"/>).</summary>
    public static IEnumerable<MarkupToken> Read(string html) => Balance(Tokenize(html));

    public abstract record MarkupToken;
    public sealed record MarkupText(string Value) : MarkupToken;

    /// <summary>A tag by its canonical name (b, i, u, s, spoiler, a, code, pre, blockquote, br).</summary>
    public sealed record MarkupTag(string Name, bool Closing, string? Href = null, string? Language = null, bool Spoiler = false) : MarkupToken
    {
        /// <summary>&lt;tg-spoiler&gt; or Telegram's other spelling, &lt;span class="tg-spoiler"&gt;; any other span is a no-op.</summary>
        public bool IsSpoiler => Name == "spoiler" || Spoiler;
    }

    private static readonly Dictionary<string, string> CanonicalNames = new(StringComparer.Ordinal)
    {
        ["b"] = "b", ["strong"] = "b",
        ["i"] = "i", ["em"] = "i",
        ["u"] = "u", ["ins"] = "u",
        ["s"] = "s", ["strike"] = "s", ["del"] = "s",
        ["tg-spoiler"] = "spoiler",
        ["span"] = "span",
        ["a"] = "a", ["code"] = "code", ["pre"] = "pre", ["blockquote"] = "blockquote", ["br"] = "br",
    };

    /// <summary>Makes the token stream well formed (see <see cref="MessageMarkup"/>'s remarks).</summary>
    public static IEnumerable<MarkupToken> Balance(IEnumerable<MarkupToken> tokens)
    {
        var open = new List<(MarkupTag MarkupTag, bool Emitted)>();
        foreach (var token in tokens)
        {
            if (token is not MarkupTag tag || tag.Name == "br")
            {
                yield return token;
                continue;
            }
            if (!tag.Closing)
            {
                var emitted = !open.Exists(o => o.Emitted && o.MarkupTag.Name == tag.Name);
                open.Add((tag, emitted));
                if (emitted) yield return tag;
                continue;
            }
            var index = open.FindLastIndex(o => o.MarkupTag.Name == tag.Name);
            if (index < 0) continue;
            for (var k = open.Count - 1; k >= index; k--)
                if (open[k].Emitted) yield return open[k].MarkupTag with { Closing = true };
            open.RemoveRange(index, open.Count - index);
        }
        for (var k = open.Count - 1; k >= 0; k--)
            if (open[k].Emitted) yield return open[k].MarkupTag with { Closing = true };
    }

    public static IEnumerable<MarkupToken> Tokenize(string html)
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
                yield return new MarkupText(WebUtility.HtmlDecode(text.ToString()));
                text.Clear();
            }
            yield return tag;
            position = gt + 1;
        }
        if (text.Length > 0) yield return new MarkupText(WebUtility.HtmlDecode(text.ToString()));
    }

    /// <summary>A known tag, or null when the text between &lt; and &gt; is not one (then it is text).</summary>
    private static MarkupTag? ParseTag(ReadOnlySpan<char> inner)
    {
        // "a < b > c" and "<b <i>" are text, as in HTML: a tag name follows "<" directly.
        if (inner.IsEmpty || char.IsWhiteSpace(inner[0]) || inner.Contains('<')) return null;
        var closing = inner[0] == '/';
        if (closing) inner = inner[1..];
        if (inner.IsEmpty || char.IsWhiteSpace(inner[0])) return null;
        inner = inner.TrimEnd().TrimEnd('/');
        var end = 0;
        while (end < inner.Length && !char.IsWhiteSpace(inner[end])) end++;
        var name = inner[..end].ToString().ToLowerInvariant();
        var attributes = ParseAttributes(inner[end..]);
        if (!CanonicalNames.TryGetValue(name, out var canonical)) return null;
        if (closing) return new MarkupTag(canonical, true);
        return canonical switch
        {
            "a" => new MarkupTag(canonical, false, Href: attributes.GetValueOrDefault("href")),
            "code" => new MarkupTag(canonical, false, Language: LanguageOf(attributes.GetValueOrDefault("class"))),
            "span" => new MarkupTag(canonical, false, Spoiler: attributes.GetValueOrDefault("class") == "tg-spoiler"),
            _ => new MarkupTag(canonical, false),
        };
    }

    /// <summary>"language-python" → "python", if it is a plain identifier (it is written into markup unescaped).</summary>
    private static string? LanguageOf(string? cssClass)
    {
        const string prefix = "language-";
        if (cssClass is null || !cssClass.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var language = cssClass[prefix.Length..];
        return language.Length is > 0 and <= 32 && language.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '#' or '-' or '_' or '.')
            ? language : null;
    }

    /// <summary>name="value", name='value' and name=value, entity-decoded; later duplicates ignored.</summary>
    private static Dictionary<string, string> ParseAttributes(ReadOnlySpan<char> text)
    {
        var attributes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            var nameStart = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] != '=') i++;
            var name = text[nameStart..i].ToString();
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            var value = "";
            if (i < text.Length && text[i] == '=')
            {
                i++;
                while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
                if (i < text.Length && text[i] is '"' or '\'')
                {
                    var quote = text[i++];
                    var valueStart = i;
                    while (i < text.Length && text[i] != quote) i++;
                    value = text[valueStart..i].ToString();
                    i++;
                }
                else
                {
                    var valueStart = i;
                    while (i < text.Length && !char.IsWhiteSpace(text[i])) i++;
                    value = text[valueStart..i].ToString();
                }
            }
            if (name.Length > 0) attributes.TryAdd(name, WebUtility.HtmlDecode(value));
        }
        return attributes;
    }
}

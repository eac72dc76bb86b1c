using System.Text;

namespace NotifyBridge.Domain.Notifications;

/// <summary>
/// Splits Telegram HTML (parse_mode HTML) into parts that each fit one message, each valid on its own.
/// </summary>
/// <remarks>
/// <para>What is counted: Telegram limits the text <em>after</em> entity parsing (tags removed,
/// entities decoded) in UTF-16 code units. We count the <b>raw HTML</b> in UTF-16 code units
/// (<see cref="string.Length"/>), tags and entities included. That is never less than what Telegram
/// counts, so a part that fits here always fits there; the price is a few more parts for tag-heavy
/// text, which is rare for notifications.</para>
/// <para>Where it cuts, best first: at a line break; inside a line longer than the limit, at a space;
/// otherwise anywhere between two characters. Never inside a tag, an entity (&amp;amp;) or a
/// surrogate pair, and preferably not right after an opening tag (no empty <c>&lt;b&gt;&lt;/b&gt;</c>).
/// The newline or space cut at is dropped. Tags open at a cut are closed at the end of the part and
/// opened again (with their attributes, e.g. the link's href) at the start of the next, so every
/// part is balanced. Parts that would hold only whitespace are left out (Telegram rejects empty text).</para>
/// <para>The one case a part can exceed the limit: a single tag (plus the tags reopened around it)
/// longer than the limit, which our templates never produce.</para>
/// </remarks>
public static class TelegramTextSplitter
{
    /// <summary>sendMessage text: 1–4096 characters after entity parsing.</summary>
    public const int MessageLimit = 4096;

    /// <summary>Photo, video and media-group captions: 0–1024 characters after entity parsing.</summary>
    public const int CaptionLimit = 1024;

    /// <summary>The length this splitter holds parts to: UTF-16 code units of the raw HTML.</summary>
    public static int Measure(string html) => html?.Length ?? 0;

    /// <summary>True when <paramref name="html"/> fits <paramref name="limit"/> as one part.</summary>
    public static bool Fits(string html, int limit) => Measure(html) <= limit;

    public static IReadOnlyList<string> Split(string html, int limit = MessageLimit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        if (string.IsNullOrEmpty(html)) return [];
        if (html.Length <= limit) return HasVisibleText(Tokenize(html), 0, int.MaxValue) ? [html] : [];

        var atoms = Tokenize(html);
        var parts = new List<string>();
        var open = new List<Atom>();
        var start = 0;
        while (start < atoms.Count)
        {
            // A part never starts with the line breaks that separated it from the previous one.
            while (start < atoms.Count && atoms[start].Kind == AtomKind.Newline) start++;
            if (start >= atoms.Count) break;

            var cut = FindCut(atoms, start, open, limit);
            // Whitespace before the cut (the blank lines above it) would only be trimmed by Telegram.
            var end = cut.End;
            while (end > start && atoms[end - 1].Kind is AtomKind.Newline or AtomKind.Space) end--;

            var part = new StringBuilder(limit + 64);
            foreach (var tag in open) part.Append(html, tag.Start, tag.Length);
            var stack = new List<Atom>(open);
            for (var i = start; i < end; i++)
            {
                part.Append(html, atoms[i].Start, atoms[i].Length);
                Apply(stack, atoms[i]);
            }
            for (var i = stack.Count - 1; i >= 0; i--) part.Append("</").Append(stack[i].TagName).Append('>');

            if (HasVisibleText(atoms, start, end)) parts.Add(part.ToString());
            open = stack;
            start = cut.End + (cut.DropsSeparator ? 1 : 0);
        }
        return parts;
    }

    private readonly record struct Cut(int End, bool DropsSeparator);

    /// <summary>The best place to end the part that starts at <paramref name="start"/>.</summary>
    private static Cut FindCut(List<Atom> atoms, int start, List<Atom> open, int limit)
    {
        var length = 0;
        foreach (var tag in open) length += tag.Length;
        var stack = new List<Atom>(open);
        var closing = ClosingLength(stack);

        // Best candidate of each kind; "clean" ones do not leave an empty element behind.
        Cut? line = null, word = null, hard = null, lineAny = null, wordAny = null, hardAny = null;
        for (var i = start; i < atoms.Count; i++)
        {
            if (i > start && length + closing <= limit)
            {
                var atom = atoms[i];
                var clean = !IsOpening(atoms[i - 1]) && !(atom.Kind == AtomKind.Tag && atom.Closing);
                var candidate = new Cut(i, atom.Kind is AtomKind.Newline or AtomKind.Space);
                switch (atom.Kind)
                {
                    case AtomKind.Newline:
                        if (clean) line = candidate;
                        lineAny = candidate;
                        break;
                    case AtomKind.Space:
                        if (clean) word = candidate;
                        wordAny = candidate;
                        break;
                }
                if (clean) hard = new Cut(i, false);
                hardAny = new Cut(i, false);
            }

            length += atoms[i].Length;
            Apply(stack, atoms[i]);
            closing = ClosingLength(stack);
            if (length > limit) break;
            if (i == atoms.Count - 1 && length + closing <= limit) return new Cut(atoms.Count, false);
        }
        return line ?? word ?? hard ?? lineAny ?? wordAny ?? hardAny ?? new Cut(start + 1, false);
    }

    private static int ClosingLength(List<Atom> stack)
    {
        var total = 0;
        foreach (var tag in stack) total += tag.TagName.Length + 3;
        return total;
    }

    private static bool IsOpening(Atom atom) => atom.Kind == AtomKind.Tag && !atom.Closing && !atom.Void;

    /// <summary>Opening tags push, closing tags pop back to their match (a stray closing tag is ignored).</summary>
    private static void Apply(List<Atom> stack, Atom atom)
    {
        if (atom.Kind != AtomKind.Tag || atom.Void) return;
        if (!atom.Closing)
        {
            stack.Add(atom);
            return;
        }
        for (var i = stack.Count - 1; i >= 0; i--)
        {
            if (!string.Equals(stack[i].TagName, atom.TagName, StringComparison.Ordinal)) continue;
            stack.RemoveRange(i, stack.Count - i);
            return;
        }
    }

    private static bool HasVisibleText(List<Atom> atoms, int from, int to)
    {
        for (var i = from; i < Math.Min(to, atoms.Count); i++)
        {
            if (atoms[i].Kind is AtomKind.Text or AtomKind.Entity) return true;
        }
        return false;
    }

    private enum AtomKind { Text, Entity, Tag, Newline, Space }

    /// <summary>An indivisible piece of the input: one character (or surrogate pair), one entity or one tag.</summary>
    private readonly record struct Atom(AtomKind Kind, int Start, int Length, string TagName = "", bool Closing = false, bool Void = false);

    private static List<Atom> Tokenize(string html)
    {
        var atoms = new List<Atom>(html.Length);
        var i = 0;
        while (i < html.Length)
        {
            var c = html[i];
            if (c == '<' && TryReadTag(html, i, out var tag))
            {
                atoms.Add(tag);
                i += tag.Length;
            }
            else if (c == '&' && EntityLength(html, i) is > 0 and var entity)
            {
                atoms.Add(new Atom(AtomKind.Entity, i, entity));
                i += entity;
            }
            else if (char.IsHighSurrogate(c) && i + 1 < html.Length && char.IsLowSurrogate(html[i + 1]))
            {
                atoms.Add(new Atom(AtomKind.Text, i, 2));
                i += 2;
            }
            else
            {
                var kind = c switch
                {
                    '\n' => AtomKind.Newline,
                    ' ' or '\t' => AtomKind.Space,
                    '\r' => AtomKind.Space,
                    _ => AtomKind.Text,
                };
                atoms.Add(new Atom(kind, i, 1));
                i++;
            }
        }
        return atoms;
    }

    /// <summary>A tag is '&lt;', an optional '/', a letter, then anything up to the next '&gt;' with no '&lt;' in between.</summary>
    private static bool TryReadTag(string html, int at, out Atom tag)
    {
        tag = default;
        var nameStart = at + 1;
        var closing = nameStart < html.Length && html[nameStart] == '/';
        if (closing) nameStart++;
        if (nameStart >= html.Length || !char.IsAsciiLetter(html[nameStart])) return false;
        var end = html.IndexOfAny(['<', '>'], nameStart);
        if (end < 0 || html[end] != '>') return false;
        var nameEnd = nameStart;
        while (nameEnd < end && (char.IsAsciiLetterOrDigit(html[nameEnd]) || html[nameEnd] == '-')) nameEnd++;
        var name = html[nameStart..nameEnd].ToLowerInvariant();
        var selfClosing = html[end - 1] == '/';
        tag = new Atom(AtomKind.Tag, at, end - at + 1, name, closing, Void: !closing && (selfClosing || name == "br"));
        return true;
    }

    /// <summary>Length of "&amp;name;" or "&amp;#123;" / "&amp;#x1F600;" at <paramref name="at"/>, or 0 when it is a bare ampersand.</summary>
    private static int EntityLength(string html, int at)
    {
        const int maxLength = 12;
        var i = at + 1;
        if (i < html.Length && html[i] == '#') i++;
        var bodyStart = i;
        while (i < html.Length && i - at < maxLength && char.IsAsciiLetterOrDigit(html[i])) i++;
        return i > bodyStart && i < html.Length && html[i] == ';' ? i - at + 1 : 0;
    }
}

using System.Text;

namespace NotifyBridge.Domain.Ingest;

/// <summary>Text shaping shared by the parsers: single-line titles, capped excerpts, safe links.</summary>
public static class IngestText
{
    private const string Ellipsis = "…";

    /// <summary>Cuts <paramref name="value"/> to at most <paramref name="maxLength"/> characters, ending in "…" when cut (never splits a surrogate pair).</summary>
    public static string Truncate(string value, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        if (value.Length <= maxLength) return value;
        var cut = maxLength - 1;
        if (cut > 0 && char.IsHighSurrogate(value[cut - 1])) cut--;
        return string.Concat(value.AsSpan(0, cut).TrimEnd(), Ellipsis);
    }

    /// <summary>One line: control characters and line breaks become spaces, runs of white space collapse, trimmed, capped.</summary>
    public static string SingleLine(string? value, int maxLength = IngestLimits.TitleMaxLength)
    {
        if (string.IsNullOrEmpty(value)) return "";
        var builder = new StringBuilder(Math.Min(value.Length, maxLength + 16));
        var space = false;
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = builder.Length > 0;
                continue;
            }
            if (space) builder.Append(' ');
            space = false;
            builder.Append(c);
            if (builder.Length > maxLength + 1) break;
        }
        return Truncate(builder.ToString(), maxLength);
    }

    /// <summary>A multi-line excerpt: CR LF becomes LF, other control characters (except tab) go, outer white space trimmed, capped.</summary>
    public static string Excerpt(string? value, int maxLength = IngestLimits.SummaryMaxLength)
    {
        if (string.IsNullOrEmpty(value)) return "";
        var builder = new StringBuilder(Math.Min(value.Length, maxLength + 16));
        for (var i = 0; i < value.Length && builder.Length <= maxLength + 1; i++)
        {
            var c = value[i];
            if (c == '\r')
            {
                if (i + 1 < value.Length && value[i + 1] == '\n') continue;
                builder.Append('\n');
            }
            else if (c is '\n' or '\t' || !char.IsControl(c)) builder.Append(c);
        }
        return Truncate(builder.ToString().Trim(), maxLength);
    }

    /// <summary>The first non-empty line of <paramref name="value"/>, single-lined and capped.</summary>
    public static string FirstLine(string? value, int maxLength = IngestLimits.TitleMaxLength)
    {
        if (string.IsNullOrEmpty(value)) return "";
        foreach (var line in value.AsSpan().EnumerateLines())
        {
            if (!line.IsWhiteSpace()) return SingleLine(line.ToString(), maxLength);
        }
        return "";
    }

    /// <summary>An absolute http(s) URL, or null (relative links, <c>javascript:</c> and the like are dropped).</summary>
    public static string? SafeUrl(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var trimmed = value.Trim();
        if (trimmed.Length > IngestLimits.FieldMaxLength) return null;
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri)) return null;
        return uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps ? trimmed : null;
    }

    /// <summary>A short identifier-like field (actor, collection): single line, capped, null when empty.</summary>
    public static string? Field(string? value)
    {
        var line = SingleLine(value, IngestLimits.FieldMaxLength);
        return line.Length == 0 ? null : line;
    }

    /// <summary>A header value usable as a delivery id: trimmed, printable ASCII, at most 200 characters; otherwise null.</summary>
    public static string? DeliveryId(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var trimmed = value.Trim();
        if (trimmed.Length > IngestLimits.DeliveryIdMaxLength) return null;
        foreach (var c in trimmed)
        {
            if (c is < '!' or > '~') return null;
        }
        return trimmed;
    }
}
